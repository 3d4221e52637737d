using System.Buffers.Binary;
using Snapshot.Format.Binary;

namespace Snapshot.Format.Signing;

/// <summary>Encodes and decodes the SIGNATURE section payload (image-format.md §15).</summary>
internal static class SignatureSection
{
    private const string Name = "SIGNATURE";

    public static byte[] Write(ImageSigner signer, SignatureManifest manifest)
    {
        var manifestBytes = new byte[manifest.Length];
        manifest.WriteTo(manifestBytes);
        byte[] signature = signer.Sign(SignatureManifest.Digest(manifestBytes));
        var payload = new byte[SignatureLayout.SignatureOffset + signature.Length + manifestBytes.Length];
        payload[SignatureLayout.AlgorithmOffset] = (byte)signer.Algorithm;
        signer.KeyId.Span.CopyTo(payload.AsSpan(SignatureLayout.KeyIdOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(SignatureLayout.SignatureLengthOffset), (ushort)signature.Length);
        signature.CopyTo(payload, SignatureLayout.SignatureOffset);
        manifestBytes.CopyTo(payload, SignatureLayout.SignatureOffset + signature.Length);
        return payload;
    }

    public readonly record struct Parsed(SignatureAlgorithm Algorithm, byte[] KeyId, byte[] Signature, byte[] ManifestBytes, SignatureManifest Manifest);

    /// <summary>Parses a payload whose CRC was checked; <paramref name="offset"/> is the section's offset, for messages.</summary>
    public static Parsed Parse(ReadOnlySpan<byte> payload, long offset)
    {
        if (payload.Length < SignatureLayout.SignatureOffset)
            FormatThrow.Truncated(Name, offset, SignatureLayout.SignatureOffset, payload.Length);
        var algorithm = (SignatureAlgorithm)payload[SignatureLayout.AlgorithmOffset];
        if (payload.Slice(1, 3).ContainsAnyExcept((byte)0) || payload.Slice(SignatureLayout.SignatureLengthOffset + 2, 2).ContainsAnyExcept((byte)0))
            FormatThrow.Invalid(Name, offset, "reserved bytes are not zero");
        int signatureLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[SignatureLayout.SignatureLengthOffset..]);
        int expectedLength = SignatureAlgorithms.SignatureLength(algorithm);
        if (expectedLength < 0)
            FormatThrow.Invalid(Name, offset, $"unknown signature algorithm {(byte)algorithm}");
        if (signatureLength != expectedLength)
            FormatThrow.Invalid(Name, offset, $"a {SignatureAlgorithms.Name(algorithm)} signature is {expectedLength} bytes, not {signatureLength}");
        int manifestStart = SignatureLayout.SignatureOffset + signatureLength;
        if (payload.Length < manifestStart + SignatureLayout.ManifestPrefixLength)
            FormatThrow.Truncated(Name, offset, manifestStart + SignatureLayout.ManifestPrefixLength, payload.Length);
        ReadOnlySpan<byte> manifest = payload[manifestStart..];
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(manifest[SignatureLayout.EntryCountOffset..]);
        uint entrySize = BinaryPrimitives.ReadUInt32LittleEndian(manifest[SignatureLayout.EntrySizeOffset..]);
        if (entrySize != SignatureLayout.EntrySize)
            FormatThrow.Invalid(Name, offset, $"manifest entry size {entrySize}, expected {SignatureLayout.EntrySize}");
        // Checked against the bytes present before anything is allocated for the entries.
        if ((ulong)manifest.Length != SignatureLayout.ManifestPrefixLength + (ulong)count * SignatureLayout.EntrySize)
            FormatThrow.Invalid(Name, offset, $"manifest of {count} entries does not fill the {manifest.Length} bytes after the signature");
        return new Parsed(algorithm, payload.Slice(SignatureLayout.KeyIdOffset, KeyMaterial.KeyIdLength).ToArray(),
            payload.Slice(SignatureLayout.SignatureOffset, signatureLength).ToArray(), manifest.ToArray(),
            SignatureManifest.Parse(manifest, (int)count));
    }
}
