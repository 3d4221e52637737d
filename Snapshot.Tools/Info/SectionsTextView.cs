using System.Globalization;
using Snapshot.Tools.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Info;

/// <summary>
/// The section table for people. Unless every chunk is asked for (--pages), each area's memory sections are one row
/// built from the area's totals (what the SUMMARY section records), placed at the offset of the first of them.
/// </summary>
internal static class SectionsTextView
{
    public static Table Render(InfoDocument document, bool listChunks, TextBorders borders)
    {
        var table = new Table { Border = borders.Table };
        table.AddColumn("Type");
        table.AddColumn("Code");
        table.AddColumn("Ver", c => c.RightAligned());
        table.AddColumn("Flags");
        table.AddColumn("Offset", c => c.RightAligned());
        table.AddColumn("Length", c => c.RightAligned());
        table.AddColumn("CRC32C");
        table.AddColumn("Task", c => c.RightAligned());
        table.AddColumn("Area", c => c.RightAligned());
        table.AddColumn("Chunk", c => c.RightAligned());

        var rows = document.Sections.Select(section => (Offset: OffsetValue(section.Offset), Cells: SectionRow(section)));
        if (!listChunks)
        {
            var memoryRows = document.Tasks
                .SelectMany(task => task.Areas.Where(area => area.MemorySections is not null)
                    .Select(area => (Offset: OffsetValue(area.MemorySections!.Offset), Cells: MemoryRow(task.TaskId, area))));
            rows = rows.Concat(memoryRows);
        }

        foreach (var row in rows.OrderBy(row => row.Offset))
        {
            table.AddRow(row.Cells);
        }

        return table;
    }

    private static IRenderable[] SectionRow(SectionInfo section) => Cells(
        section.Type,
        section.TypeCode,
        Optional(section.Version),
        SectionFlags(section.Flags),
        section.Offset ?? "-",
        section.Length is { } length ? Notation.Count(length) : "-",
        section.Crc ?? "-",
        Optional(section.TaskId),
        Optional(section.AreaId),
        Optional(section.ChunkIndex));

    // One row for all of an area's memory sections: counts by type (a line each), the first offset, the summed payload lengths.
    private static IRenderable[] MemoryRow(ulong taskId, AreaInfo area)
    {
        var sections = area.MemorySections!;
        var parts = new List<string>();
        if (area.Chunks > 0)
        {
            parts.Add(area.Chunks == 1 && area.References == 0 ? "MEMCHUNK" : $"MEMCHUNK x{area.Chunks}");
        }

        if (area.References > 0)
        {
            parts.Add($"CHUNKREF x{area.References}");
        }

        var codes = new List<string>();
        if (area.Chunks > 0)
        {
            codes.Add(Notation.TypeCode(0x20));
        }

        if (area.References > 0)
        {
            codes.Add(Notation.TypeCode(0x21));
        }

        return Cells(
            string.Join("\n", parts),
            string.Join("\n", codes),
            "-",
            "critical",
            sections.Offset,
            Notation.Count(sections.Length),
            "-",
            taskId.ToString(CultureInfo.InvariantCulture),
            area.AreaId.ToString(CultureInfo.InvariantCulture),
            sections.FirstChunk == sections.LastChunk
                ? sections.FirstChunk.ToString(CultureInfo.InvariantCulture)
                : $"{sections.FirstChunk}-{sections.LastChunk}");
    }

    private static long OffsetValue(string? offset) =>
        offset is { Length: > 2 } && long.TryParse(offset.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : long.MaxValue;

    private static string SectionFlags(IReadOnlyList<string>? flags) =>
        flags is null ? "-" : flags.Count == 0 ? "none" : string.Join(",", flags);
}
