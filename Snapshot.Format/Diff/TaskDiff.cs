namespace Snapshot.Format.Diff;

/// <summary>One task, matched by task id: its record, threads, areas and memory.</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Kind">Added or removed (present in one image only; nothing else is compared), changed or unchanged
/// (the task's own fields; see <see cref="HasDifferences"/> for everything).</param>
/// <param name="Name">The task's name (B's, or A's when removed).</param>
/// <param name="Form">How the kernel task structure was compared.</param>
/// <param name="Fields">Changed fields: name, program, program_hash, and the kernel task's state, flags,
/// next_thread_id, next_area_id, thread_count, area_count, heap_cursor, rng_state (raw: runs of differing bytes).</param>
/// <param name="RawReason">Why the kernel task was compared raw, else null.</param>
/// <param name="Threads">Every thread of either image, by id.</param>
/// <param name="Areas">Every area of either image, by id.</param>
public sealed record TaskDiff(ulong TaskId, ChangeKind Kind, string Name, ComparisonForm Form,
                              IReadOnlyList<FieldChange> Fields, string? RawReason,
                              IReadOnlyList<ThreadDiff> Threads, IReadOnlyList<AreaDiff> Areas)
{
    /// <summary>True when the task, any thread, any area or any page differs.</summary>
    public bool HasDifferences =>
        Kind != ChangeKind.Unchanged || Threads.Any(t => t.HasDifferences) || Areas.Any(a => a.HasDifferences);
}
