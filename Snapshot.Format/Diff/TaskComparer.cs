using Snapshot.Format.Kernels;

namespace Snapshot.Format.Diff;

/// <summary>Compares one task of A with the task of the same id in B: its record, threads, areas and pages.</summary>
internal static class TaskComparer
{
    public static TaskDiff Compare(TaskMetadata? x, TaskMetadata? y, DiffSide a, DiffSide b, MemoryComparer memory)
    {
        ComparisonForm buildForm = a.Profile is not null && b.Profile is not null ? ComparisonForm.Canonical : ComparisonForm.Raw;
        if (x is null || y is null)
        {
            TaskMetadata present = (x ?? y)!;
            bool inB = x is null;
            ulong taskId = present.Task.TaskId;
            ThreadDiff[] threads = [.. present.Threads.OrderBy(t => t.ThreadId).Select(t => inB
                ? ThreadComparer.Compare(null, t, a, b)
                : ThreadComparer.Compare(t, null, a, b))];
            AreaDiff[] areas = [.. present.Areas.OrderBy(r => r.AreaId).Select(r => inB
                ? AreaComparer.Compare(taskId, null, r, memory)
                : AreaComparer.Compare(taskId, r, null, memory))];
            return new TaskDiff(taskId, inB ? ChangeKind.Added : ChangeKind.Removed, present.Task.Name, buildForm,
                [], null, threads, areas);
        }

        var fields = new List<FieldChange>();
        TaskRecord ta = x.Task, tb = y.Task;
        FieldValues.Add(fields, "name", ta.Name, tb.Name);
        FieldValues.Add(fields, "program", ta.ProgramName, tb.ProgramName);
        FieldValues.Add(fields, "program_hash", ta.ProgramHash.ToString(), tb.ProgramHash.ToString());

        CanonicalTask? canonicalA = a.TryDecode(ta, out string? reasonA);
        CanonicalTask? canonicalB = b.TryDecode(tb, out string? reasonB);
        ComparisonForm form;
        string? rawReason = null;
        if (canonicalA is not null && canonicalB is not null)
        {
            form = ComparisonForm.Canonical;
            CompareKernelTask(fields, canonicalA, canonicalB);
        }
        else
        {
            form = ComparisonForm.Raw;
            rawReason = reasonA ?? reasonB;
            RawBlobComparer.Compare(fields, "kernel_task", ta.KernelTask.Span, tb.KernelTask.Span);
        }

        return new TaskDiff(ta.TaskId, fields.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Changed, tb.Name, form,
            fields, rawReason, CompareThreads(x, y, a, b), CompareAreas(x, y, a, b, memory));
    }

    private static void CompareKernelTask(List<FieldChange> fields, CanonicalTask a, CanonicalTask b)
    {
        FieldValues.Add(fields, "state", a.State, b.State);
        FieldValues.Add(fields, "flags", FieldValues.Flags(a.Flags), FieldValues.Flags(b.Flags));
        FieldValues.Add(fields, "next_thread_id", FieldValues.Number(a.NextThreadId), FieldValues.Number(b.NextThreadId));
        FieldValues.Add(fields, "next_area_id", FieldValues.Number(a.NextAreaId), FieldValues.Number(b.NextAreaId));
        FieldValues.Add(fields, "thread_count", FieldValues.Number(a.ThreadCount), FieldValues.Number(b.ThreadCount));
        FieldValues.Add(fields, "area_count", FieldValues.Number(a.AreaCount), FieldValues.Number(b.AreaCount));
        FieldValues.Add(fields, "heap_cursor", FieldValues.Address(a.HeapCursor), FieldValues.Address(b.HeapCursor));
        FieldValues.Add(fields, "rng_state", FieldValues.Address(a.RngState), FieldValues.Address(b.RngState));
    }

    private static ThreadDiff[] CompareThreads(TaskMetadata x, TaskMetadata y, DiffSide a, DiffSide b)
    {
        Dictionary<uint, ThreadRecord> byIdA = Unique(x.Threads, t => t.ThreadId, a, "THREAD", "thread");
        Dictionary<uint, ThreadRecord> byIdB = Unique(y.Threads, t => t.ThreadId, b, "THREAD", "thread");
        return [.. byIdA.Keys.Union(byIdB.Keys).Order()
            .Select(id => ThreadComparer.Compare(byIdA.GetValueOrDefault(id), byIdB.GetValueOrDefault(id), a, b))];
    }

    private static AreaDiff[] CompareAreas(TaskMetadata x, TaskMetadata y, DiffSide a, DiffSide b, MemoryComparer memory)
    {
        ulong taskId = x.Task.TaskId;
        Dictionary<uint, AreaRecord> byIdA = Unique(x.Areas, r => r.AreaId, a, "AREAS", "area");
        Dictionary<uint, AreaRecord> byIdB = Unique(y.Areas, r => r.AreaId, b, "AREAS", "area");
        return [.. byIdA.Keys.Union(byIdB.Keys).Order()
            .Select(id => AreaComparer.Compare(taskId, byIdA.GetValueOrDefault(id), byIdB.GetValueOrDefault(id), memory))];
    }

    private static Dictionary<uint, T> Unique<T>(IEnumerable<T> items, Func<T, uint> id, DiffSide side, string section, string noun)
    {
        var result = new Dictionary<uint, T>();
        foreach (T item in items)
        {
            if (!result.TryAdd(id(item), item))
                throw new ImageDiffException(side.Path, new SnapshotFormatException(section, null, $"{noun} {id(item)} appears twice"));
        }
        return result;
    }
}
