using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>INDEX payload: u32 entry count, u32 entry size, entries in file order.</summary>
internal static class IndexSection
{
    private const string Section = "INDEX";

    public static void Write(PayloadWriter writer, IReadOnlyList<IndexEntry> entries)
    {
        writer.U32((uint)entries.Count);
        writer.U32(IndexLayout.EntrySize);
        foreach (IndexEntry entry in entries)
            WriteEntry(writer, entry);
    }

    /// <summary>Writes one entry in the 88-byte layout (the SUMMARY section reuses it for the metadata sections it lists).</summary>
    public static void WriteEntry(PayloadWriter writer, IndexEntry entry)
    {
        writer.U32((uint)entry.Type);
        writer.U16(entry.Version);
        writer.U16((ushort)entry.Flags);
        writer.U64((ulong)entry.Offset);
        writer.U64((ulong)entry.PayloadLength);
        writer.U32(entry.PayloadCrc);
        writer.U32(0);
        writer.U64(entry.TaskId);
        writer.U32(entry.AreaId);
        writer.U32(entry.ChunkIndex);
        writer.U64(entry.PresentBitmap);
        writer.Hash(entry.ContentHash);
    }

    /// <summary>Checks count × size against the payload before allocating anything.</summary>
    public static (int Count, int EntrySize) ParseCounts(ReadOnlySpan<byte> payload, long payloadOffset)
    {
        if (payload.Length < IndexLayout.EntriesOffset)
            FormatThrow.Truncated(Section, payloadOffset, IndexLayout.EntriesOffset, payload.Length);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload[IndexLayout.CountOffset..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(payload[IndexLayout.EntrySizeOffset..]);
        if (count > FormatLimits.MaxIndexEntries)
            FormatThrow.Invalid(Section, payloadOffset + IndexLayout.CountOffset, $"entry count {count} exceeds the limit {FormatLimits.MaxIndexEntries}");
        if (size < IndexLayout.EntrySize || size > FormatLimits.MaxIndexEntrySize)
            FormatThrow.Invalid(Section, payloadOffset + IndexLayout.EntrySizeOffset, $"entry size {size} is not in {IndexLayout.EntrySize}..{FormatLimits.MaxIndexEntrySize}");
        long expected = IndexLayout.EntriesOffset + (long)count * size;
        if (expected != payload.Length)
            FormatThrow.Invalid(Section, payloadOffset + IndexLayout.CountOffset,
                $"{count} entries of {size} bytes need a payload of {expected} bytes, not {payload.Length}");
        return ((int)count, (int)size);
    }

    /// <summary>
    /// Parses every entry and checks that they are in file order, do not overlap, and lie between the
    /// header and the index itself.
    /// </summary>
    public static IReadOnlyList<IndexEntry> Parse(ReadOnlySpan<byte> payload, long payloadOffset, long firstSection, long indexOffset)
    {
        (int count, int size) = ParseCounts(payload, payloadOffset);
        var entries = new IndexEntry[count];
        long previousEnd = firstSection;
        for (int i = 0; i < count; i++)
        {
            int start = IndexLayout.EntriesOffset + i * size;
            ReadOnlySpan<byte> e = payload.Slice(start, size);
            long at = payloadOffset + start;
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(e[IndexLayout.SectionOffsetOffset..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(e[IndexLayout.PayloadLengthOffset..]);
            if (offset < (ulong)previousEnd || offset % SectionLayout.Alignment != 0 || offset >= (ulong)indexOffset)
                FormatThrow.Invalid(Section, at, $"entry {i} offset 0x{offset:x} is out of order, misaligned or outside the sections");
            if (length > (ulong)(indexOffset - (long)offset))
                FormatThrow.Invalid(Section, at, $"entry {i} payload length {length} runs past the index");
            long end = (long)offset + SectionLayout.TotalLength((long)length);
            if (end > indexOffset)
                FormatThrow.Invalid(Section, at, $"entry {i} payload length {length} runs past the index");
            entries[i] = ParseEntry(e, at, i);
            previousEnd = end;
        }
        return entries;
    }

    /// <summary>Parses one entry (of at least <see cref="IndexLayout.EntrySize"/> bytes; a longer tail is ignored).</summary>
    public static IndexEntry ParseEntry(ReadOnlySpan<byte> e, long at, int i)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(e[IndexLayout.ReservedOffset..]) != 0)
            FormatThrow.Invalid(Section, at + IndexLayout.ReservedOffset, $"entry {i} reserved field is not zero");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(e[IndexLayout.PayloadLengthOffset..]);
        if (length > long.MaxValue / 2)
            FormatThrow.Invalid(Section, at + IndexLayout.PayloadLengthOffset, $"entry {i} payload length {length} is impossible");
        return new IndexEntry(
            (SectionType)BinaryPrimitives.ReadUInt32LittleEndian(e[IndexLayout.TypeOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(e[IndexLayout.VersionOffset..]),
            (SectionFlags)BinaryPrimitives.ReadUInt16LittleEndian(e[IndexLayout.FlagsOffset..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(e[IndexLayout.SectionOffsetOffset..]),
            (long)length,
            BinaryPrimitives.ReadUInt32LittleEndian(e[IndexLayout.PayloadCrcOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(e[IndexLayout.TaskIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(e[IndexLayout.AreaIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(e[IndexLayout.ChunkIndexOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(e[IndexLayout.PresentBitmapOffset..]),
            Hash256.Read(e[IndexLayout.ContentHashOffset..]));
    }
}
