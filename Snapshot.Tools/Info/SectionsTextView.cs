using Snapshot.Tools.Formatting;
using Spectre.Console;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Info;

/// <summary>The section table for people; each area's run of memory chunks folds into one row unless every chunk is asked for.</summary>
internal static class SectionsTextView
{
    public static Table Render(IReadOnlyList<SectionInfo> sections, bool listChunks, TextBorders borders)
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

        // Memory chunks can number thousands; unless asked (--pages) each area's run of chunks is one row.
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            var run = 1;
            if (!listChunks && section.ChunkIndex is not null)
            {
                while (i + run < sections.Count && sections[i + run].ChunkIndex is not null
                       && sections[i + run].Type == section.Type
                       && sections[i + run].TaskId == section.TaskId && sections[i + run].AreaId == section.AreaId)
                {
                    run++;
                }
            }

            if (run == 1)
            {
                table.AddRow(Cells(
                    section.Type,
                    section.TypeCode,
                    Optional(section.Version),
                    SectionFlags(section.Flags),
                    section.Offset ?? "-",
                    section.Length is { } length ? Notation.Count(length) : "-",
                    section.Crc ?? "-",
                    Optional(section.TaskId),
                    Optional(section.AreaId),
                    Optional(section.ChunkIndex)));
                continue;
            }

            var last = sections[i + run - 1];
            table.AddRow(Cells(
                $"{section.Type} x{run}",
                section.TypeCode,
                Optional(section.Version),
                SectionFlags(section.Flags),
                section.Offset ?? "-",
                RunLength(sections.Skip(i).Take(run)),
                "-",
                Optional(section.TaskId),
                Optional(section.AreaId),
                $"{section.ChunkIndex}-{last.ChunkIndex}"));
            i += run - 1;
        }

        return table;
    }

    private static string SectionFlags(IReadOnlyList<string>? flags) =>
        flags is null ? "-" : flags.Count == 0 ? "none" : string.Join(",", flags);

    private static string RunLength(IEnumerable<SectionInfo> run)
    {
        var lengths = run.Select(section => section.Length).ToArray();
        return lengths.All(length => length is not null) ? Notation.Count(lengths.Sum(length => length!.Value)) : "-";
    }
}
