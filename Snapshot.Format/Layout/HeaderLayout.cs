namespace Snapshot.Format.Layout;

/// <summary>Byte offsets of the image header (see format-spec/image-format.md, "Header").</summary>
internal static class HeaderLayout
{
    /// <summary>"\x89SNP\r\n\x1a\n": the high byte and the CR LF / EOF characters catch text-mode damage, as in PNG.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, 0x53, 0x4E, 0x50, 0x0D, 0x0A, 0x1A, 0x0A];

    public const int MagicOffset = 0;
    public const int MagicLength = 8;
    public const int MajorOffset = 8;
    public const int MinorOffset = 10;
    public const int LengthOffset = 12;
    public const int IncompatibleOffset = 16;
    public const int CompatibleOffset = 24;
    public const int AutoclearOffset = 32;
    public const int CrcOffset = 40;
    public const int PagesPerChunkOffset = 44;

    /// <summary>The part every version has, readable before the header length is known.</summary>
    public const int FixedLength = 48;

    // Build stamp.
    public const int PageSizeOffset = 48;
    public const int StampReservedOffset = 52;
    public const int BuildIdOffset = 56;
    public const int KernelNameOffset = 88;

    /// <summary>Header length is a multiple of this, so the first section is 8-aligned.</summary>
    public const int Alignment = 8;
}
