using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>The 32-byte frame in front of every section payload.</summary>
internal readonly record struct SectionHeader(SectionType Type, ushort Version, SectionFlags Flags, long PayloadLength, uint PayloadCrc)
{
    public string Name => SectionNames.Of(Type);

    public bool IsCritical => (Flags & SectionFlags.Critical) != 0;

    public long TotalLength => SectionLayout.TotalLength(PayloadLength);

    public void WriteTo(Span<byte> destination)
    {
        SectionLayout.SyncMarker.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SectionLayout.TypeOffset..], (uint)Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[SectionLayout.VersionOffset..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[SectionLayout.FlagsOffset..], (ushort)Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SectionLayout.PayloadLengthOffset..], (ulong)PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SectionLayout.PayloadCrcOffset..], PayloadCrc);
        uint headerCrc = Crc32C.Compute(destination[..SectionLayout.HeaderCrcOffset]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SectionLayout.HeaderCrcOffset..], headerCrc);
    }

    public static bool HasSyncMarker(ReadOnlySpan<byte> source) =>
        source.Length >= SectionLayout.SyncLength && source[..SectionLayout.SyncLength].SequenceEqual(SectionLayout.SyncMarker);

    /// <summary>Parses and checks the sync marker and the header CRC; <paramref name="offset"/> is where the header starts.</summary>
    public static SectionHeader Parse(ReadOnlySpan<byte> source, long offset, string expectedName = "section")
    {
        if (source.Length < SectionLayout.HeaderLength)
            FormatThrow.Truncated(expectedName, offset, SectionLayout.HeaderLength, source.Length);
        if (!HasSyncMarker(source))
            FormatThrow.Invalid(expectedName, offset, "section sync marker missing");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(source[SectionLayout.HeaderCrcOffset..]);
        uint computed = Crc32C.Compute(source[..SectionLayout.HeaderCrcOffset]);
        var type = (SectionType)BinaryPrimitives.ReadUInt32LittleEndian(source[SectionLayout.TypeOffset..]);
        if (stored != computed)
            FormatThrow.CrcMismatch(SectionNames.Of(type), offset, "section header", stored, computed);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(source[SectionLayout.PayloadLengthOffset..]);
        if (length > long.MaxValue - SectionLayout.HeaderLength - SectionLayout.Alignment)
            FormatThrow.Invalid(SectionNames.Of(type), offset, $"payload length {length} is impossible");
        return new SectionHeader(
            type,
            BinaryPrimitives.ReadUInt16LittleEndian(source[SectionLayout.VersionOffset..]),
            (SectionFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[SectionLayout.FlagsOffset..]),
            (long)length,
            BinaryPrimitives.ReadUInt32LittleEndian(source[SectionLayout.PayloadCrcOffset..]));
    }

    /// <summary>The largest payload this reader accepts for a known type; unknown types are bounded by the file only.</summary>
    public long PayloadLimit => Type switch
    {
        SectionType.MemoryChunk => FormatLimits.MaxChunkPayload,
        SectionType.ChunkReference => FormatLimits.ChunkReferencePayload,
        SectionType.Index => IndexLayout.EntriesOffset + (long)FormatLimits.MaxIndexEntries * IndexLayout.EntrySize,
        SectionType.Checkpoint or SectionType.Task or SectionType.Areas or SectionType.Thread or SectionType.Repair
            or SectionType.TaskIpc or SectionType.Calls or SectionType.SharedAreas or SectionType.Cooperation
            => FormatLimits.MaxMetadataPayload,
        SectionType.Files => FormatLimits.MaxFilesPayload,
        SectionType.Signature => Signing.SignatureLayout.MaxPayload,
        _ => long.MaxValue,
    };
}
