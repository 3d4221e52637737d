using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Upgrade;

/// <summary>snapupgrade's human output: both builds, what is converted and copied, every change and blocker, the verdict.</summary>
internal static class UpgradeTextView
{
    public static void Write(TextWriter output, UpgradeDocument document)
    {
        Row(output, "Input", document.Input);
        Row(output, "From", $"{Build(document.From)}, format {document.FromFormat}");
        Row(output, "To", $"{Build(document.To)}, format {document.ToFormat}");
        var converted = document.Converted;
        if (document.Outcome != "unchanged")
        {
            Row(output, "Convert", $"{Notation.Count(converted.Tasks, "task")}, {Notation.Count(converted.Threads, "thread")}, "
                + $"{Notation.Count(converted.Calls, "call")} through the canonical form");
            Row(output, "Copy", $"{Notation.Count(converted.Chunks, "memory chunk")} ({Notation.Size(converted.ChunkBytes)} stored), not recompressed");
        }

        Row(output, "Signature", document.Signature);
        if (document.Changes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Changes ({document.Changes.Count}):");
            var subject = document.Changes.Max(c => c.Subject.Length);
            var from = document.Changes.Max(c => c.From.Length);
            var to = document.Changes.Max(c => c.To.Length);
            foreach (var change in document.Changes)
            {
                var line = $"  {change.Kind,-9} {change.Subject.PadRight(subject)}  {change.From.PadRight(from)} -> {change.To.PadRight(to)}";
                output.WriteLine((change.Note is null ? line : $"{line}  {change.Note}").TrimEnd());
            }
        }

        if (document.Blockers.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Blockers ({document.Blockers.Count}):");
            foreach (var blocker in document.Blockers)
            {
                var where = blocker.Field is null ? blocker.Subject : $"{blocker.Subject}: {blocker.Field}";
                output.WriteLine(blocker.Feature is null ? $"  {where}: {blocker.Reason}" : $"  {where} [{blocker.Feature}]: {blocker.Reason}");
            }
        }

        foreach (var note in document.Notes)
        {
            output.WriteLine();
            output.WriteLine($"Note: {note}");
        }

        output.WriteLine();
        output.WriteLine(Verdict(document));
    }

    private static string Build(UpgradeBuildInfo build) => build.Build is null ? $"{build.Display} (unknown build)" : $"{build.Build}: {build.Display}";

    private static string Verdict(UpgradeDocument document) => document.Outcome switch
    {
        "refused" => $"Refused: {document.To.Build} cannot hold this image ({Notation.Count(document.Blockers.Count, "blocker")}); nothing written",
        "unchanged" => document.Output is { } copy
            ? $"Unchanged: the image is already for {document.To.Build}; copied to {copy} byte for byte"
            : $"Unchanged: the image is already for {document.To.Build} (dry run: nothing written)",
        "convertible" => $"Convertible to {document.To.Build} (dry run: nothing written)",
        _ => $"Converted to {document.To.Build}: wrote {document.Output}",
    };

    private static void Row(TextWriter output, string label, string value) => output.WriteLine($"{label,-10} {value}");
}
