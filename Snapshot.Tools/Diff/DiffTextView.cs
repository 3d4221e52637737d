using Snapshot.Tools.Formatting;
using Snapshot.Tools.Info;
using Spectre.Console;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Diff;

/// <summary>
/// Renders a <see cref="DiffDocument"/> for people: sections "build", "tasks", "threads", "areas" and "memory",
/// each listing only what differs, then one summary line. Uses snapinfo's blocks and borders, so redirected
/// output is plain ASCII, 120 columns.
/// </summary>
internal static class DiffTextView
{
    private const string Indent = "  ";

    public static void Render(IAnsiConsole console, DiffDocument document)
    {
        var borders = new TextBorders(console.Profile.Capabilities.Unicode);
        var arrow = borders.Unicode ? "→" : "->";
        var images = KeyValueGrid();
        AddRow(images, "A", document.ImageA);
        AddRow(images, "B", document.ImageB);
        console.Write(images);

        Heading(console, "build", borders);
        console.Write(BuildGrid(document, arrow));

        if (document.ExternalState is { } external)
        {
            Heading(console, "external state", borders);
            Lines(console, ExternalLines(external, arrow));
        }

        Heading(console, "tasks", borders);
        Lines(console, TaskLines(document, arrow));

        Heading(console, "threads", borders);
        Lines(console, ThreadLines(document, arrow));

        Heading(console, "areas", borders);
        Lines(console, AreaLines(document, arrow));

        Heading(console, "memory", borders);
        Lines(console, MemoryLines(document));

        console.WriteLine();
        foreach (var line in SummaryLines(document))
        {
            console.Write(new Text(line + "\n"));
        }
    }

    private static void Heading(IAnsiConsole console, string title, TextBorders borders)
    {
        console.WriteLine();
        console.Write(new Rule(title) { Justification = Justify.Left, Border = borders.Box });
    }

    private static void Lines(IAnsiConsole console, List<string> lines)
    {
        if (lines.Count == 0)
        {
            lines.Add("no differences");
        }

        foreach (var line in lines)
        {
            console.Write(new Text(line + "\n"));
        }
    }

    private static Grid BuildGrid(DiffDocument document, string arrow)
    {
        var grid = KeyValueGrid();
        var build = document.Build;
        AddRow(grid, "A", Describe(build.A));
        AddRow(grid, "B", build.Same ? "same build" : Describe(build.B));
        AddRow(grid, "Comparison", build.Comparison == "canonical"
            ? "canonical: kernel structures decoded with each image's build profile"
            : "raw: a build is unknown, kernel structures compared byte for byte");
        var format = document.Format;
        AddRow(grid, "Format", format.VersionA == format.VersionB ? format.VersionA : $"{format.VersionA} {arrow} {format.VersionB}");
        AddRow(grid, "Features", FeatureText(format));
        AddRow(grid, "Checkpoint", CheckpointText(document.Checkpoint, arrow));
        return grid;
    }

    private static string Describe(BuildInfo build) =>
        build.Known ? $"{build.Display}, profile {build.Profile}" : $"{build.Display}, unknown build (no profile)";

    private static string FeatureText(DiffFormat format)
    {
        var same = format.FeaturesAdded.Count == 0 && format.FeaturesRemoved.Count == 0;
        var text = format.FeaturesA.Count == 0 ? "none" : string.Join(", ", format.FeaturesA);
        if (same)
        {
            return text;
        }

        var changes = new List<string>();
        if (format.FeaturesAdded.Count > 0)
        {
            changes.Add("added " + string.Join(", ", format.FeaturesAdded));
        }

        if (format.FeaturesRemoved.Count > 0)
        {
            changes.Add("removed " + string.Join(", ", format.FeaturesRemoved));
        }

        return $"A {text}; B {string.Join("; ", changes)}";
    }

    private static string CheckpointText(DiffCheckpoint checkpoint, string arrow)
    {
        static string Tasks(IReadOnlyList<ulong> ids) =>
            ids.Count == 0 ? "no tasks" : (ids.Count == 1 ? "task " : "tasks ") + string.Join(", ", ids);
        static string Killed(bool killed) => killed ? "killed after the checkpoint" : "left running";

        var tasks = checkpoint.TasksAdded.Count == 0 && checkpoint.TasksRemoved.Count == 0
            ? Tasks(checkpoint.TaskIdsA)
            : $"{Tasks(checkpoint.TaskIdsA)} {arrow} {Tasks(checkpoint.TaskIdsB)}";
        var killed = checkpoint.KilledAfterA == checkpoint.KilledAfterB
            ? Killed(checkpoint.KilledAfterA)
            : $"{Killed(checkpoint.KilledAfterA)} {arrow} {Killed(checkpoint.KilledAfterB)}";
        return $"{tasks}; {killed}";
    }

    private static List<string> ExternalLines(DiffExternalState external, string arrow)
    {
        var lines = new List<string>();
        if (external.PresentA != external.PresentB)
        {
            lines.Add(external.PresentA ? "only A has external state" : "only B has external state");
        }

        foreach (var item in external.Items)
        {
            lines.Add($"{item.Category} {item.Key}: {item.Change}");
            lines.AddRange(FieldLines(item.Fields.Select(f => (f.Field, f.Before, f.After)), arrow));
        }

        return lines;
    }

    private static List<string> TaskLines(DiffDocument document, string arrow)
    {
        var lines = new List<string>();
        foreach (var task in document.Tasks.Where(t => t.Change != "unchanged"))
        {
            lines.Add($"Task {task.TaskId} {task.Name}: {task.Change}");
            if (task.RawReason is { } reason)
            {
                lines.Add($"{Indent}compared raw: {reason}");
            }

            lines.AddRange(FieldLines(task.Fields.Select(f => (f.Field, f.Before, f.After)), arrow));
        }

        return lines;
    }

    private static List<string> ThreadLines(DiffDocument document, string arrow)
    {
        var lines = new List<string>();
        foreach (var task in document.Tasks)
        {
            foreach (var thread in task.Threads.Where(t => t.Change != "unchanged"))
            {
                lines.Add($"Task {task.TaskId} thread {thread.ThreadId}: {thread.Change}");
                if (thread.RawReason is { } reason && thread.Change == "changed")
                {
                    lines.Add($"{Indent}compared raw: {reason}");
                }

                lines.AddRange(FieldLines(
                    thread.Fields.Select(f => (f.Field, f.Before, f.After))
                        .Concat(thread.Registers.Select(r => (r.Register, r.Before, r.After))),
                    arrow));
            }
        }

        return lines;
    }

    private static List<string> AreaLines(DiffDocument document, string arrow)
    {
        var lines = new List<string>();
        foreach (var task in document.Tasks)
        {
            foreach (var area in task.Areas.Where(a => a.Change != "unchanged"))
            {
                var notes = new List<string>();
                if (area.Moved)
                {
                    notes.Add("moved");
                }

                if (area.Resized)
                {
                    notes.Add("resized");
                }

                var what = notes.Count > 0 ? string.Join(", ", notes) : area.Change;
                lines.Add($"Task {task.TaskId} area {area.AreaId} {area.Name} {Range(area)} {area.Flags} {area.Kind}: {what}");
                lines.AddRange(FieldLines(area.Fields.Select(f => (f.Field, f.Before, f.After)), arrow));
            }
        }

        return lines;
    }

    private static List<string> MemoryLines(DiffDocument document)
    {
        var lines = new List<string>();
        foreach (var task in document.Tasks)
        {
            foreach (var area in task.Areas.Where(a => a.Memory.Different))
            {
                var memory = area.Memory;
                var counts = new List<string>();
                Count(counts, memory.PagesChanged, "page", "changed");
                Count(counts, memory.PagesAdded, "page", "added");
                Count(counts, memory.PagesRemoved, "page", "removed");
                Count(counts, memory.PagesUnchanged, "page", "unchanged");
                lines.Add($"Task {task.TaskId} area {area.AreaId} {area.Name} {Range(area)}: " +
                    (counts.Count == 0 ? "no pages" : string.Join(", ", counts)));
                if (memory.NotCompared is { } reason)
                {
                    lines.Add($"{Indent}not compared: {reason}");
                }

                foreach (var range in memory.Ranges.Where(r => r.Change != "unchanged"))
                {
                    lines.Add($"{Indent}{range.Start}-{range.End}  {range.Change,-7}  {Notation.Count((long)range.Pages, "page")}");
                }
            }
        }

        return lines;
    }

    private static IEnumerable<string> FieldLines(IEnumerable<(string Name, string Before, string After)> fields, string arrow)
    {
        var list = fields.ToList();
        var width = list.Count == 0 ? 0 : list.Max(f => f.Name.Length);
        return list.Select(f => $"{Indent}{f.Name.PadLeft(width)}  {f.Before} {arrow} {f.After}");
    }

    private static string Range(DiffArea area) => $"{Notation.CompactAddress(area.Base)}-{Notation.CompactAddress(area.End)}";

    /// <summary>The verdict with what differs, then what the memory comparison cost.</summary>
    private static string[] SummaryLines(DiffDocument document)
    {
        var chunks = document.Summary.Chunks;
        var cost = $"Memory compared through the index: {Notation.Count(chunks.ChunksA + chunks.ChunksB, "chunk")}, " +
            $"{Notation.Count(chunks.Identical)} {Pairs(chunks.Identical)} equal by content hash, " +
            $"{Notation.Count(chunks.Read)} read, {Notation.Count(chunks.Skipped)} not read";
        if (chunks.PairsByPageHash == 0)
        {
            return [Verdict(document), cost];
        }

        // Format 1.3 images only, so the summary of older images reads as before.
        var byPageHash = $"Compared by page hashes: {Notation.Count(chunks.PairsByPageHash)} chunk {Pairs(chunks.PairsByPageHash)}, " +
            $"{Notation.Count(chunks.PagesComparedByHash, "page")}, nothing decompressed";
        return [Verdict(document), cost, byPageHash];
    }

    private static string Pairs(long count) => count == 1 ? "pair" : "pairs";

    private static string Verdict(DiffDocument document)
    {
        var summary = document.Summary;
        if (!document.Different)
        {
            return "The images are the same";
        }

        var parts = new List<string>();
        if (!document.Build.Same)
        {
            parts.Add("build differs");
        }

        if (document.Format.VersionA != document.Format.VersionB || document.Format.FeaturesAdded.Count + document.Format.FeaturesRemoved.Count > 0)
        {
            parts.Add("format differs");
        }

        var checkpoint = document.Checkpoint;
        if (checkpoint.TasksAdded.Count + checkpoint.TasksRemoved.Count > 0 || checkpoint.KilledAfterA != checkpoint.KilledAfterB)
        {
            parts.Add("checkpoint set differs");
        }

        Group(parts, "tasks", (summary.TasksChanged, "with differences"), (summary.TasksAdded, "added"), (summary.TasksRemoved, "removed"));
        Group(parts, "threads", (summary.ThreadsChanged, "changed"), (summary.ThreadsAdded, "added"), (summary.ThreadsRemoved, "removed"));
        Group(parts, "areas", (summary.AreasChanged, "changed"), (summary.AreasAdded, "added"), (summary.AreasRemoved, "removed"));
        Group(parts, "pages", (summary.PagesChanged, "changed"), (summary.PagesAdded, "added"), (summary.PagesRemoved, "removed"));
        return $"The images differ: {string.Join("; ", parts)}";
    }

    /// <summary>"threads: 3 changed, 2 added", leaving out zero counts and the whole group when all are zero.</summary>
    private static void Group(List<string> parts, string noun, params (long Count, string Change)[] counts)
    {
        var nonZero = counts.Where(c => c.Count > 0).Select(c => $"{Notation.Count(c.Count)} {c.Change}").ToArray();
        if (nonZero.Length > 0)
        {
            parts.Add($"{noun}: {string.Join(", ", nonZero)}");
        }
    }

    private static void Count(List<string> parts, long count, string noun, string change)
    {
        if (count > 0)
        {
            parts.Add($"{Notation.Count(count, noun)} {change}");
        }
    }
}
