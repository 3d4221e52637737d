using Snapshot.Format;
using Snapshot.Format.Diff;
using Snapshot.Tools.Formatting;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Diff;

/// <summary>Turns the engine's <see cref="ImageDiff"/> into the document the text, JSON and HTML views share.</summary>
internal static class DiffDocumentBuilder
{
    public static DiffDocument Build(string toolName, string imageA, string imageB, ImageDiff diff)
    {
        var tasks = diff.Tasks.Select(task => Task(task, diff.Build)).ToArray();
        return new DiffDocument(
            new ToolStamp(toolName, ToolHost.Version),
            imageA,
            imageB,
            diff.HasDifferences,
            new DiffBuild(Build(diff.Build.A, diff.Build.ProfileA), Build(diff.Build.B, diff.Build.ProfileB),
                !diff.Build.HasDifferences, Name(diff.Build.Form)),
            new DiffFormat(diff.Header.VersionA.ToString(), diff.Header.VersionB.ToString(), diff.Header.FeaturesA,
                diff.Header.FeaturesB, diff.Header.FeaturesAdded, diff.Header.FeaturesRemoved),
            new DiffCheckpoint(diff.Checkpoint.A.TaskIds, diff.Checkpoint.B.TaskIds, diff.Checkpoint.TasksAdded,
                diff.Checkpoint.TasksRemoved, diff.Checkpoint.A.KilledAfter, diff.Checkpoint.B.KilledAfter),
            External(diff.External),
            tasks,
            Summary(diff, tasks));
    }

    private static DiffExternalState? External(ExternalStateDiff external) =>
        external.PresentA || external.PresentB
            ? new DiffExternalState(external.PresentA, external.PresentB,
                [.. external.Items.Select(item => new DiffExternalItem(item.Category, item.Key, Name(item.Kind), Fields(item.Fields)))])
            : null;

    private static BuildInfo Build(KernelBuildStamp stamp, string? profile) =>
        new(stamp.Display, stamp.KernelName, stamp.Version, stamp.Architecture, stamp.PageSize,
            stamp.BuildId.ToString(), profile is not null, profile);

    private static DiffTask Task(TaskDiff task, BuildDiff build) => new(
        task.TaskId,
        task.Name,
        Name(task.Kind),
        task.HasDifferences,
        Name(task.Form),
        task.RawReason,
        Fields(task.Fields),
        [.. task.Threads.Select(Thread)],
        [.. task.Areas.Select(area => Area(area, area.B is null ? build.A.PageSize : build.B.PageSize))]);

    private static DiffThread Thread(ThreadDiff thread) => new(
        thread.ThreadId,
        Name(thread.Kind),
        Name(thread.Form),
        thread.RawReason,
        Fields(thread.Fields),
        [.. thread.Registers.Select(r => new DiffRegister(r.Register, Notation.Address(r.Before), Notation.Address(r.After)))]);

    private static DiffArea Area(AreaDiff area, uint pageSize)
    {
        var current = area.Current;
        var memory = area.Memory;
        return new DiffArea(
            area.AreaId,
            current.Name,
            Name(area.Kind),
            area.Moved,
            area.Resized,
            Notation.Address(current.Base),
            Notation.Address(unchecked(current.Base + current.Size)),
            current.Size,
            FlagString(current.Flags),
            current.Kind.ToString().ToLowerInvariant(),
            MapPages(area, pageSize),
            Fields(area.Fields),
            new DiffMemory(
                memory.HasDifferences,
                memory.PagesUnchanged,
                memory.PagesChanged,
                memory.PagesAdded,
                memory.PagesRemoved,
                memory.NotComparedReason,
                [.. memory.Ranges.Select(r => new DiffPageRange(Name(r.Kind), r.FirstPage, r.PageCount,
                    Notation.Address(r.Start), Notation.Address(r.End)))]));
    }

    /// <summary>Pages the area spans in either image (the larger), and at least every page a range names.</summary>
    private static ulong MapPages(AreaDiff area, uint pageSize)
    {
        ulong Pages(AreaRecord? record) => record is null || pageSize == 0 ? 0 : (record.Size + pageSize - 1) / pageSize;
        var pages = Math.Max(Pages(area.A), Pages(area.B));
        foreach (var range in area.Memory.Ranges)
        {
            pages = Math.Max(pages, range.FirstPage + range.PageCount);
        }

        return pages;
    }

    private static DiffSummary Summary(ImageDiff diff, DiffTask[] tasks)
    {
        var threads = tasks.Where(t => t.Change is "changed" or "unchanged").SelectMany(t => t.Threads).ToArray();
        var areas = tasks.Where(t => t.Change is "changed" or "unchanged").SelectMany(t => t.Areas).ToArray();
        var memories = tasks.SelectMany(t => t.Areas).Select(a => a.Memory).ToArray();
        var chunks = diff.Chunks;
        return new DiffSummary(
            tasks.Count(t => t.Different && t.Change is "changed" or "unchanged"),
            tasks.Count(t => t.Change == "added"),
            tasks.Count(t => t.Change == "removed"),
            threads.Count(t => t.Change == "changed"),
            threads.Count(t => t.Change == "added"),
            threads.Count(t => t.Change == "removed"),
            areas.Count(a => a.Change == "changed"),
            areas.Count(a => a.Change == "added"),
            areas.Count(a => a.Change == "removed"),
            memories.Sum(m => m.PagesChanged),
            memories.Sum(m => m.PagesAdded),
            memories.Sum(m => m.PagesRemoved),
            memories.Sum(m => m.PagesUnchanged),
            new DiffChunks(chunks.ChunksA, chunks.ChunksB, chunks.ChunksIdentical, chunks.ChunksRead, chunks.ChunksSkipped,
                chunks.PagesCompared, chunks.PairsComparedByPageHash, chunks.PagesComparedByHash));
    }

    private static string FlagString(AreaFlags flags) => string.Concat(
        flags.HasFlag(AreaFlags.Read) ? "r" : "-",
        flags.HasFlag(AreaFlags.Write) ? "w" : "-",
        flags.HasFlag(AreaFlags.Execute) ? "x" : "-");

    private static DiffField[] Fields(IReadOnlyList<FieldChange> fields) =>
        [.. fields.Select(f => new DiffField(f.Field, f.Before, f.After))];

    private static string Name(ChangeKind kind) => kind.ToString().ToLowerInvariant();

    private static string Name(ComparisonForm form) => form.ToString().ToLowerInvariant();
}
