using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Snapshot.Format.Signing;

/// <summary>
/// What a signature covers: the SHA-256 of the header bytes and, for every other section before the
/// SIGNATURE section in file order, a <see cref="SignedSection"/>. Its bytes are stored in the SIGNATURE
/// section; the signed digest is SHA-256(domain || those bytes).
/// </summary>
internal sealed class SignatureManifest
{
    private readonly List<SignedSection> _sections;

    public SignatureManifest(Hash256 headerHash, List<SignedSection>? sections = null)
    {
        HeaderHash = headerHash;
        _sections = sections ?? [];
    }

    public Hash256 HeaderHash { get; }

    public IReadOnlyList<SignedSection> Sections => _sections;

    public int Length => SignatureLayout.ManifestPrefixLength + _sections.Count * SignatureLayout.EntrySize;

    /// <summary>Records a section the writer is about to write.</summary>
    public void Add(IndexEntry entry, ReadOnlySpan<byte> payload) =>
        _sections.Add(new SignedSection(entry.Type, entry.Version, entry.Flags, entry.Offset, entry.PayloadLength,
            entry.TaskId, entry.AreaId, entry.ChunkIndex, Hash256.Compute(payload)));

    public void WriteTo(Span<byte> destination)
    {
        HeaderHash.WriteTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SignatureLayout.EntryCountOffset..], (uint)_sections.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SignatureLayout.EntrySizeOffset..], SignatureLayout.EntrySize);
        Span<byte> entries = destination[SignatureLayout.ManifestPrefixLength..];
        foreach (SignedSection section in _sections)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entries[SignatureLayout.EntryTypeOffset..], (uint)section.Type);
            BinaryPrimitives.WriteUInt16LittleEndian(entries[SignatureLayout.EntryVersionOffset..], section.Version);
            BinaryPrimitives.WriteUInt16LittleEndian(entries[SignatureLayout.EntryFlagsOffset..], (ushort)section.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(entries[SignatureLayout.EntryOffsetOffset..], (ulong)section.Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(entries[SignatureLayout.EntryLengthOffset..], (ulong)section.PayloadLength);
            BinaryPrimitives.WriteUInt64LittleEndian(entries[SignatureLayout.EntryTaskOffset..], section.TaskId);
            BinaryPrimitives.WriteUInt32LittleEndian(entries[SignatureLayout.EntryAreaOffset..], section.AreaId);
            BinaryPrimitives.WriteUInt32LittleEndian(entries[SignatureLayout.EntryChunkOffset..], section.ChunkIndex);
            section.PayloadHash.WriteTo(entries[SignatureLayout.EntryHashOffset..]);
            entries = entries[SignatureLayout.EntrySize..];
        }
    }

    /// <summary>Parses manifest bytes whose total length the caller has checked against the entry count.</summary>
    public static SignatureManifest Parse(ReadOnlySpan<byte> source, int count)
    {
        var sections = new List<SignedSection>(count);
        ReadOnlySpan<byte> entries = source[SignatureLayout.ManifestPrefixLength..];
        for (int i = 0; i < count; i++)
        {
            sections.Add(new SignedSection(
                (SectionType)BinaryPrimitives.ReadUInt32LittleEndian(entries[SignatureLayout.EntryTypeOffset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(entries[SignatureLayout.EntryVersionOffset..]),
                (SectionFlags)BinaryPrimitives.ReadUInt16LittleEndian(entries[SignatureLayout.EntryFlagsOffset..]),
                (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(entries[SignatureLayout.EntryOffsetOffset..]), long.MaxValue),
                (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(entries[SignatureLayout.EntryLengthOffset..]), long.MaxValue),
                BinaryPrimitives.ReadUInt64LittleEndian(entries[SignatureLayout.EntryTaskOffset..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entries[SignatureLayout.EntryAreaOffset..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entries[SignatureLayout.EntryChunkOffset..]),
                Hash256.Read(entries[SignatureLayout.EntryHashOffset..])));
            entries = entries[SignatureLayout.EntrySize..];
        }

        return new SignatureManifest(Hash256.Read(source), sections);
    }

    /// <summary>SHA-256(domain || manifest bytes): what the algorithm signs.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> manifestBytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SignatureLayout.Domain);
        hash.AppendData(manifestBytes);
        return hash.GetHashAndReset();
    }
}
