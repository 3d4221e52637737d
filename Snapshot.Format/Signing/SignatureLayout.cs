namespace Snapshot.Format.Signing;

/// <summary>Byte offsets and sizes of the SIGNATURE section payload (image-format.md §15).</summary>
internal static class SignatureLayout
{
    public const int AlgorithmOffset = 0;
    public const int KeyIdOffset = 4;
    public const int SignatureLengthOffset = 20;
    public const int SignatureOffset = 24;

    /// <summary>Header hash, entry count and entry size in front of the manifest entries.</summary>
    public const int ManifestPrefixLength = 32 + 4 + 4;
    public const int EntryCountOffset = 32;
    public const int EntrySizeOffset = 36;

    public const int EntrySize = 72;
    public const int EntryTypeOffset = 0;
    public const int EntryVersionOffset = 4;
    public const int EntryFlagsOffset = 6;
    public const int EntryOffsetOffset = 8;
    public const int EntryLengthOffset = 16;
    public const int EntryTaskOffset = 24;
    public const int EntryAreaOffset = 32;
    public const int EntryChunkOffset = 36;
    public const int EntryHashOffset = 40;

    /// <summary>The section's signature bytes are at most this long (the u16 field would allow more; no algorithm needs it).</summary>
    public const int MaxSignatureLength = 512;

    /// <summary>One manifest entry per section; the count is bounded like the index's.</summary>
    public const long MaxPayload = SignatureOffset + MaxSignatureLength + ManifestPrefixLength
                                   + (long)Layout.FormatLimits.MaxIndexEntries * EntrySize;

    /// <summary>Domain separation: a digest of this kind can never be mistaken for another SHA-256 input.</summary>
    public static ReadOnlySpan<byte> Domain => "snapshot-image-signature-v1"u8;
}
