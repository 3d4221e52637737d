using System.Globalization;
using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Repair;

/// <summary>snaprepair's human output: the state of the fixed parts, what was lost, and the verdict, one item per line.</summary>
internal static class RepairTextView
{
    public static void Write(TextWriter output, RepairDocument document)
    {
        Row(output, "Input", document.Input);
        Row(output, "Output", document.Output ?? (document.DryRun ? "none (dry run)" : "none"));
        if (document.Build is { } build)
        {
            Row(output, "Build", build.Display + (build.FromOption ? " (from --build: the header is damaged)" : ""));
        }

        var refused = document.Outcome == "unrepairable";
        Row(output, "Header", Part(document.Header, refused ? null : "rebuilt"));
        Row(output, "Index", Part(document.Index, refused ? null : "rebuilt from the sections found"));
        Row(output, "Footer", Part(document.Footer, refused ? null : "rebuilt"));
        if (document.CheckpointRebuilt)
        {
            Row(output, "Checkpoint", "rebuilt from the TASK sections found (killed-after unknown, written as 0)");
        }

        var sections = document.Sections;
        var oldIndexes = sections.Count(s => s.Fate == "rebuilt");
        var kept = sections.Count(s => s.Fate == "kept");
        var dropped = sections.Count(s => s.Fate == "dropped");
        var duplicates = Notation.Count(sections.Count(s => s.Fate == "duplicate"), "duplicate");
        var replaced = oldIndexes > 0 ? $", {oldIndexes} old INDEX replaced" : "";
        var discarded = sections.Count(s => s.Fate == "discarded");
        replaced += discarded > 0 ? $", {discarded} SIGNATURE discarded (sign the output again)" : "";
        Row(output, "Sections", $"{Notation.Count(sections.Count, "section")} found: {kept} kept, {dropped} dropped, {duplicates}{replaced}");
        foreach (var duplicate in sections.Where(s => s.Fate == "duplicate"))
        {
            output.WriteLine($"  {duplicate.Type} at {duplicate.Offset}: {duplicate.Detail}");
        }

        if (document.Outcome != "unrepairable")
        {
            Row(output, "Tasks kept", document.TasksKept.Count == 0 ? "none" : string.Join(", ", document.TasksKept));
        }

        WriteLosses(output, document.Lost);
        output.WriteLine();
        output.WriteLine(Verdict(document));
    }

    private static void WriteLosses(TextWriter output, LossInfo lost)
    {
        if (lost.Sections.Count == 0 && lost.Tasks.Count == 0 && lost.Pages.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Lost");
        foreach (var task in lost.Tasks)
        {
            output.WriteLine($"  task {task.Task} dropped: {task.Reason}");
        }

        foreach (var range in lost.Pages)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  task {range.Task} area {range.Area} {(range.PageCount == 1 ? "page" : "pages")} {range.Pages} " +
                $"({Notation.Count((long)range.PageCount, "page")}): {Disposition(range.Disposition)}, {Evidence(range.Evidence)}"));
        }

        foreach (var section in lost.Sections)
        {
            var what = section.Kind switch
            {
                "header" => "header",
                "unreadable-bytes" => "unreadable bytes",
                _ => section.Type,
            };
            output.WriteLine($"  {what} at {section.Offset} ({Notation.Count(section.Length, "byte")}): {section.Reason}");
        }

        if (lost.PageCount > 0)
        {
            output.WriteLine($"  {Notation.Count((long)lost.PageCount, "page")} lost in all");
        }
    }

    private static string Verdict(RepairDocument document) => document.Outcome switch
    {
        "unrepairable" => $"Cannot repair: section {document.Refusal!.Section} at offset {document.Refusal.Offset}: {document.Refusal.Reason}",
        "nothing-lost" when document.MarkedRepaired =>
            $"Nothing lost{Written(document)}; it keeps the marks of an earlier repair (restore needs --accept-repaired)",
        "nothing-lost" => $"Nothing lost{Written(document)}, a clean image",
        _ => $"Repaired with losses{Written(document)}, marked \"repaired\": restore refuses it unless given --accept-repaired",
    };

    private static string Written(RepairDocument document) =>
        document.Output is { } output ? $": wrote {output}" : document.DryRun ? " (dry run: nothing written)" : "";

    private static string Part(PartInfo part, string? action) => part.Condition switch
    {
        "intact" => "intact",
        _ => $"{part.Condition}{(action is null ? "" : ", " + action)}: {part.Detail}",
    };

    private static string Disposition(string disposition) => disposition == "zero-filled" ? "zero-filled" : "dropped";

    private static string Evidence(string evidence) => evidence switch
    {
        "index" => "named by the old index",
        "chunk-header" => "named by the damaged chunk's own fields (unverified)",
        _ => "at most: a writer could have stored these there (all-zero pages are never stored)",
    };

    private static void Row(TextWriter output, string label, string value) => output.WriteLine($"{label,-11} {value}");
}
