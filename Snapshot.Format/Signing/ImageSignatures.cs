using System.Buffers;
using System.Security.Cryptography;
using Snapshot.Format.Binary;
using Snapshot.Format.Reading;

namespace Snapshot.Format.Signing;

/// <summary>
/// Finds and verifies the SIGNATURE section of an image (format 1.1). Verification checks the signature
/// over the stored manifest, then re-hashes the header and every section's stored payload and compares
/// each with the manifest, so a change anywhere is named by section and offset.
/// </summary>
public static class ImageSignatures
{
    private const string Name = "SIGNATURE";
    private const int HashBlock = 1 << 16;

    /// <summary>The image's signature, or null when it has none. Does not verify it.</summary>
    /// <exception cref="SnapshotFormatException">The image, or its SIGNATURE section, is malformed.</exception>
    public static ImageSignature? Find(string path)
    {
        using var reader = ImageReader.Open(path);
        return Find(reader);
    }

    /// <summary>The signature of an open image, or null when it has none. Does not verify it.</summary>
    /// <exception cref="SnapshotFormatException">The SIGNATURE section is malformed.</exception>
    public static ImageSignature? Find(ImageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Locate(reader) is { } found ? Describe(found.Entry, found.Parsed) : null;
    }

    /// <summary>Verifies the image's signature with <paramref name="key"/>.</summary>
    /// <exception cref="SnapshotFormatException">The image cannot be read at all (an unreadable SIGNATURE section is reported as tampered).</exception>
    public static SignatureVerification Verify(string path, SignatureVerifier key, CancellationToken cancellation = default)
    {
        using var reader = ImageReader.Open(path);
        return Verify(reader, key, cancellation);
    }

    /// <summary>
    /// Verifies the signature of an open image through the reader's own file handle, so what is verified is
    /// exactly what the reader goes on to read (a restore cannot be raced by replacing the file in between).
    /// </summary>
    public static SignatureVerification Verify(ImageReader reader, SignatureVerifier key, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(key);
        ImageFile handle = reader.File;
        (IndexEntry Entry, SignatureSection.Parsed Parsed)? found;
        try
        {
            found = Locate(reader);
        }
        catch (SnapshotFormatException ex)
        {
            return new SignatureVerification(SignatureStatus.Tampered, null, ex.Reason, ex.Section, ex.Offset);
        }

        if (found is not { } signed)
            return new SignatureVerification(SignatureStatus.Unsigned, null, "the image is not signed");
        ImageSignature signature = Describe(signed.Entry, signed.Parsed);
        if ((reader.Header.Features.Autoclear & Features.AutoclearSigned) == 0)
        {
            return Tampered(signature, Name, signed.Entry.Offset,
                "the signature is stale: the image was rewritten after signing (its \"signed\" autoclear bit is clear)");
        }

        if (signed.Parsed.Algorithm != key.Algorithm || !signed.Parsed.KeyId.AsSpan().SequenceEqual(key.KeyId.Span))
        {
            return new SignatureVerification(SignatureStatus.WrongKey, signature,
                $"signed with {signature.AlgorithmName} key {signature.KeyId}, not with the given {SignatureAlgorithms.Name(key.Algorithm)} key {Convert.ToHexStringLower(key.KeyId.Span)}");
        }

        if (!key.Verify(SignatureManifest.Digest(signed.Parsed.ManifestBytes), signed.Parsed.Signature))
        {
            return Tampered(signature, Name, signed.Entry.Offset, "the signature does not match its manifest (the SIGNATURE section was altered)");
        }

        try
        {
            return CompareContents(reader, handle, signature, signed.Parsed.Manifest, cancellation);
        }
        catch (SnapshotFormatException ex)
        {
            return new SignatureVerification(SignatureStatus.Tampered, signature, ex.Reason, ex.Section, ex.Offset);
        }
    }

    private static SignatureVerification CompareContents(ImageReader reader, ImageFile handle, ImageSignature signature,
                                                         SignatureManifest manifest, CancellationToken cancellation)
    {
        if (HashRange(handle, 0, reader.HeaderLength, cancellation) != manifest.HeaderHash)
            return Tampered(signature, "header", 0, "differs from what was signed");

        IReadOnlyList<SignedSection> signedSections = manifest.Sections;
        int covered = 0;
        foreach (IndexEntry entry in reader.Index)
        {
            if (entry.Type == SectionType.Signature)
                continue;
            if (covered >= signedSections.Count)
                return Tampered(signature, entry.SectionName, entry.Offset, "is not covered by the signature (added after signing)");
            SignedSection expected = signedSections[covered++];
            if (!expected.Describes(entry))
                return Tampered(signature, entry.SectionName, entry.Offset,
                    $"differs from the signed {expected.Name} section at offset 0x{expected.Offset:x} (type, length, position or identity)");
            if (HashRange(handle, entry.Offset + Layout.SectionLayout.HeaderLength, entry.PayloadLength, cancellation) != expected.PayloadHash)
                return Tampered(signature, entry.SectionName, entry.Offset, "contents differ from what was signed");
        }

        if (covered != signedSections.Count)
        {
            SignedSection missing = signedSections[covered];
            return Tampered(signature, missing.Name, missing.Offset, "was signed but is missing from the image");
        }

        return new SignatureVerification(SignatureStatus.Verified, signature,
            $"verified ({signature.AlgorithmName}, key {signature.KeyId}, header and {signedSections.Count} sections)");
    }

    private static (IndexEntry Entry, SignatureSection.Parsed Parsed)? Locate(ImageReader reader)
    {
        IndexEntry? entry = null;
        for (int i = 0; i < reader.Index.Count; i++)
        {
            if (reader.Index[i].Type != SectionType.Signature)
                continue;
            if (entry is not null)
                FormatThrow.Invalid(Name, reader.Index[i].Offset, $"a second SIGNATURE section (the first is at 0x{entry.Offset:x})");
            if (i != reader.Index.Count - 1)
                FormatThrow.Invalid(reader.Index[i + 1].SectionName, reader.Index[i + 1].Offset, "follows the SIGNATURE section: sections were added after signing");
            entry = reader.Index[i];
        }

        if (entry is null)
            return null;
        if (entry.Version != Layout.SectionLayout.CurrentVersion)
            FormatThrow.Invalid(Name, entry.Offset, $"version {entry.Version} is not supported (this reader knows version 1)");
        // The reader bounds the payload by SignatureLayout.MaxPayload and checks the header against the entry and both CRCs.
        byte[] buffer = reader.ReadSection(entry);
        try
        {
            return (entry, SignatureSection.Parse(buffer.AsSpan(Layout.SectionLayout.HeaderLength, (int)entry.PayloadLength), entry.Offset));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ImageSignature Describe(IndexEntry entry, SignatureSection.Parsed parsed) =>
        new(parsed.Algorithm, Convert.ToHexStringLower(parsed.KeyId), entry.Offset, parsed.Manifest.Sections.Count);

    private static SignatureVerification Tampered(ImageSignature signature, string section, long offset, string reason) =>
        new(SignatureStatus.Tampered, signature, reason, section, offset);

    private static Hash256 HashRange(ImageFile handle, long offset, long length, CancellationToken cancellation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] block = ArrayPool<byte>.Shared.Rent(HashBlock);
        try
        {
            while (length > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                int read = (int)Math.Min(length, HashBlock);
                handle.Read(offset, block.AsSpan(0, read), "signed section");
                hash.AppendData(block, 0, read);
                offset += read;
                length -= read;
            }

            return Hash256.Read(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
