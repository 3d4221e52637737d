using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Summary;

namespace Snapshot.Format.Sections;

/// <summary>
/// SUMMARY payload (format 1.3, non-critical): entry count, entry size, area count, area record size; the index
/// entries of every metadata section written before it (§5.6 layout); one record per area with memory sections.
/// </summary>
internal static class SummarySection
{
    private const string Section = "SUMMARY";

    public static void Write(PayloadWriter writer, ImageSummary summary)
    {
        writer.U32((uint)summary.Sections.Count);
        writer.U32(IndexLayout.EntrySize);
        writer.U32((uint)summary.Areas.Count);
        writer.U32(SummaryLayout.AreaSize);
        foreach (IndexEntry entry in summary.Sections)
            IndexSection.WriteEntry(writer, entry);
        foreach (AreaMemorySummary area in summary.Areas)
        {
            writer.U64(area.TaskId);
            writer.U32(area.AreaId);
            writer.U32((uint)area.Chunks);
            writer.U32((uint)area.References);
            writer.U32(area.FirstChunk);
            writer.U32(area.LastChunk);
            writer.U32(0);
            writer.U64((ulong)area.PagesPresent);
            writer.U64((ulong)area.StoredBytes);
            writer.U64((ulong)area.UncompressedBytes);
            writer.U64((ulong)area.FirstOffset);
            writer.U64((ulong)area.PayloadBytes);
        }
    }

    /// <summary>
    /// Parses a CRC-checked payload and checks it against the image: entries in file order between the header and
    /// the summary itself, none of them a memory, INDEX or SUMMARY section; area records unique, in file order,
    /// with totals a chunk geometry allows.
    /// </summary>
    /// <param name="payload">The payload.</param>
    /// <param name="summaryOffset">Offset of the SUMMARY section header (everything it describes lies before it).</param>
    /// <param name="firstSection">Offset of the first section (the header length).</param>
    /// <param name="pageSize">The image's page size.</param>
    /// <param name="pagesPerChunk">The image's pages per chunk.</param>
    public static ImageSummary Parse(ReadOnlySpan<byte> payload, long summaryOffset, long firstSection, uint pageSize, int pagesPerChunk)
    {
        long payloadOffset = summaryOffset + SectionLayout.HeaderLength;
        if (payload.Length < SummaryLayout.EntriesOffset)
            FormatThrow.Truncated(Section, payloadOffset, SummaryLayout.EntriesOffset, payload.Length);
        uint entryCount = BinaryPrimitives.ReadUInt32LittleEndian(payload[SummaryLayout.EntryCountOffset..]);
        uint entrySize = BinaryPrimitives.ReadUInt32LittleEndian(payload[SummaryLayout.EntrySizeOffset..]);
        uint areaCount = BinaryPrimitives.ReadUInt32LittleEndian(payload[SummaryLayout.AreaCountOffset..]);
        uint areaSize = BinaryPrimitives.ReadUInt32LittleEndian(payload[SummaryLayout.AreaSizeOffset..]);
        if (entryCount > FormatLimits.MaxIndexEntries || areaCount > FormatLimits.MaxIndexEntries)
            FormatThrow.Invalid(Section, payloadOffset, $"{entryCount} entries and {areaCount} areas exceed the limit {FormatLimits.MaxIndexEntries}");
        if (entrySize < IndexLayout.EntrySize || entrySize > FormatLimits.MaxIndexEntrySize)
            FormatThrow.Invalid(Section, payloadOffset + SummaryLayout.EntrySizeOffset, $"entry size {entrySize} is not in {IndexLayout.EntrySize}..{FormatLimits.MaxIndexEntrySize}");
        if (areaSize < SummaryLayout.AreaSize || areaSize > SummaryLayout.MaxAreaSize)
            FormatThrow.Invalid(Section, payloadOffset + SummaryLayout.AreaSizeOffset, $"area record size {areaSize} is not in {SummaryLayout.AreaSize}..{SummaryLayout.MaxAreaSize}");
        long areasStart = SummaryLayout.EntriesOffset + (long)entryCount * entrySize;
        long expected = areasStart + (long)areaCount * areaSize;
        if (expected != payload.Length)
            FormatThrow.Invalid(Section, payloadOffset,
                $"{entryCount} entries of {entrySize} bytes and {areaCount} areas of {areaSize} bytes need {expected} bytes, not {payload.Length}");

        var entries = new IndexEntry[entryCount];
        long previousEnd = firstSection;
        for (int i = 0; i < entries.Length; i++)
        {
            int start = SummaryLayout.EntriesOffset + i * (int)entrySize;
            long at = payloadOffset + start;
            IndexEntry entry = IndexSection.ParseEntry(payload.Slice(start, (int)entrySize), at, i);
            if (entry.Offset < previousEnd || entry.Offset % SectionLayout.Alignment != 0
                || entry.PayloadLength > summaryOffset - entry.Offset || entry.Offset + entry.TotalLength > summaryOffset)
                FormatThrow.Invalid(Section, at, $"entry {i} ({entry.SectionName} at 0x{entry.Offset:x}) is out of order, misaligned or not before the summary");
            if (ImageSummary.IsMemorySection(entry.Type) || entry.Type is SectionType.Index or SectionType.Summary)
                FormatThrow.Invalid(Section, at, $"entry {i} lists a {entry.SectionName} section, which a summary does not list");
            entries[i] = entry;
            previousEnd = entry.Offset + entry.TotalLength;
        }

        var areas = new AreaMemorySummary[areaCount];
        var seen = new HashSet<(ulong, uint)>();
        long previousFirst = -1;
        for (int i = 0; i < areas.Length; i++)
        {
            int start = (int)areasStart + i * (int)areaSize;
            AreaMemorySummary area = ParseArea(payload.Slice(start, (int)areaSize), payloadOffset + start, i, summaryOffset,
                firstSection, pageSize, pagesPerChunk);
            if (!seen.Add((area.TaskId, area.AreaId)))
                FormatThrow.Invalid(Section, payloadOffset + start, $"area {area.AreaId} of task {area.TaskId} has a second record");
            if (area.FirstOffset <= previousFirst)
                FormatThrow.Invalid(Section, payloadOffset + start, $"area record {i} is out of file order");
            previousFirst = area.FirstOffset;
            areas[i] = area;
        }

        return new ImageSummary(entries, areas);
    }

    private static AreaMemorySummary ParseArea(ReadOnlySpan<byte> record, long at, int i, long summaryOffset, long firstSection,
                                               uint pageSize, int pagesPerChunk)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[SummaryLayout.ReservedOffset..]) != 0)
            FormatThrow.Invalid(Section, at + SummaryLayout.ReservedOffset, $"area record {i} reserved field is not zero");
        uint chunks = BinaryPrimitives.ReadUInt32LittleEndian(record[SummaryLayout.ChunksOffset..]);
        uint references = BinaryPrimitives.ReadUInt32LittleEndian(record[SummaryLayout.ReferencesOffset..]);
        uint firstChunk = BinaryPrimitives.ReadUInt32LittleEndian(record[SummaryLayout.FirstChunkOffset..]);
        uint lastChunk = BinaryPrimitives.ReadUInt32LittleEndian(record[SummaryLayout.LastChunkOffset..]);
        ulong pages = BinaryPrimitives.ReadUInt64LittleEndian(record[SummaryLayout.PagesPresentOffset..]);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(record[SummaryLayout.StoredBytesOffset..]);
        ulong uncompressed = BinaryPrimitives.ReadUInt64LittleEndian(record[SummaryLayout.UncompressedBytesOffset..]);
        ulong firstOffset = BinaryPrimitives.ReadUInt64LittleEndian(record[SummaryLayout.FirstSectionOffset..]);
        ulong payloadBytes = BinaryPrimitives.ReadUInt64LittleEndian(record[SummaryLayout.PayloadBytesOffset..]);
        ulong sections = (ulong)chunks + references;
        if (sections == 0 || sections > FormatLimits.MaxIndexEntries)
            FormatThrow.Invalid(Section, at + SummaryLayout.ChunksOffset, $"area record {i} counts {chunks} chunks and {references} references");
        if (firstChunk > lastChunk || (ulong)lastChunk - firstChunk + 1 < sections)
            FormatThrow.Invalid(Section, at + SummaryLayout.FirstChunkOffset, $"area record {i} chunk range {firstChunk}-{lastChunk} cannot hold {sections} chunks");
        if (pages < sections || pages > sections * (ulong)pagesPerChunk || uncompressed != pages * pageSize)
            FormatThrow.Invalid(Section, at + SummaryLayout.PagesPresentOffset,
                $"area record {i}: {pages} pages ({uncompressed} bytes) do not fit {sections} chunks of {pagesPerChunk} pages of {pageSize} bytes");
        // Everything the record counts lies between the header and the summary, which bounds every byte total too.
        ulong room = (ulong)(summaryOffset - firstSection);
        if (firstOffset < (ulong)firstSection || firstOffset >= (ulong)summaryOffset || firstOffset % SectionLayout.Alignment != 0
            || payloadBytes > room || stored > payloadBytes)
            FormatThrow.Invalid(Section, at + SummaryLayout.FirstSectionOffset,
                $"area record {i}: offset 0x{firstOffset:x}, {payloadBytes} payload bytes and {stored} stored bytes do not fit before the summary");
        return new AreaMemorySummary(
            BinaryPrimitives.ReadUInt64LittleEndian(record[SummaryLayout.TaskIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[SummaryLayout.AreaIdOffset..]),
            (int)chunks, (int)references, firstChunk, lastChunk, (long)pages, (long)stored, (long)uncompressed,
            (long)firstOffset, (long)payloadBytes);
    }
}
