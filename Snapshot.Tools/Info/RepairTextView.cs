using Snapshot.Tools.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Info;

/// <summary>
/// The REPAIR record for people, right under the summary: a rule that says restore refuses the image by default,
/// then what was lost, one table per kind of loss (tables for kinds with no loss are left out).
/// </summary>
internal static class RepairTextView
{
    public static IRenderable Render(RepairInfo repair, TextBorders borders)
    {
        var rows = new List<IRenderable>
        {
            new Rule(repair.Notice) { Justification = Justify.Left, Border = borders.Box },
            new Text($"snaprepair rebuilt this image and lost {Totals(repair)}.\n"),
        };

        if (repair.Pages.Count > 0)
        {
            rows.Add(PagesTable(repair.Pages, borders));
        }

        if (repair.Sections.Count > 0)
        {
            rows.Add(SectionsTable(repair.Sections, borders));
        }

        if (repair.Tasks.Count > 0)
        {
            rows.Add(TasksTable(repair.Tasks, borders));
        }

        return new Rows(rows);
    }

    /// <summary>"2 pages, 1 section, 0 tasks".</summary>
    public static string Totals(RepairInfo repair) =>
        $"{Notation.Count((long)repair.LostPageCount, "page")}, {Notation.Count(repair.Sections.Count, "section")}, " +
        $"{Notation.Count(repair.Tasks.Count, "task")}";

    private static Table PagesTable(IReadOnlyList<RepairLostPagesInfo> pages, TextBorders borders)
    {
        var table = new Table { Border = borders.Table, Title = new TableTitle("Lost pages") };
        table.AddColumn("Task", c => c.RightAligned());
        table.AddColumn("Area", c => c.RightAligned());
        table.AddColumn("Name");
        table.AddColumn("Pages", c => c.RightAligned());
        table.AddColumn("Addresses");
        table.AddColumn("Count", c => c.RightAligned());
        table.AddColumn("Fate");
        table.AddColumn("Known from");
        foreach (var range in pages)
        {
            table.AddRow(Cells(
                range.TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                range.AreaId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                range.AreaName ?? "(not in the image)",
                range.Pages,
                range.Start is { } start && range.End is { } end ? $"{start}-{end}" : "-",
                Notation.Count((long)range.PageCount),
                range.Disposition,
                Evidence(range.Evidence)));
        }

        return table;
    }

    private static Table SectionsTable(IReadOnlyList<RepairLostSectionInfo> sections, TextBorders borders)
    {
        var table = new Table { Border = borders.Table, Title = new TableTitle("Lost sections") };
        table.AddColumn("What");
        table.AddColumn("Code");
        table.AddColumn("Original offset", c => c.RightAligned());
        table.AddColumn("Length", c => c.RightAligned());
        table.AddColumn("Why");
        foreach (var section in sections)
        {
            table.AddRow(Cells(
                section.Type ?? (section.Kind == "header" ? "header" : "unreadable bytes"),
                section.TypeCode ?? "-",
                section.Offset,
                Notation.Count(section.Length),
                section.Reason));
        }

        return table;
    }

    private static Table TasksTable(IReadOnlyList<RepairDroppedTaskInfo> tasks, TextBorders borders)
    {
        var table = new Table { Border = borders.Table, Title = new TableTitle("Dropped tasks") };
        table.AddColumn("Task", c => c.RightAligned());
        table.AddColumn("Why");
        foreach (var task in tasks)
        {
            table.AddRow(Cells(task.TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture), task.Reason));
        }

        return table;
    }

    private static string Evidence(string evidence) => evidence switch
    {
        "index" => "the old index",
        "chunk-header" => "the damaged chunk's own fields (unverified)",
        _ => "a bound: at most these pages",
    };
}
