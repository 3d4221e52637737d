namespace Snapshot.Format.Kernels;

/// <summary>A task's kernel struct in build-independent form (state and flags by name).</summary>
public sealed record CanonicalTask(ulong TaskId, string State, IReadOnlySet<string> Flags, uint NextThreadId,
    uint NextAreaId, uint ThreadCount, uint AreaCount, ulong HeapCursor, ulong RngState)
{
    /// <summary>
    /// Extension fields (kernel-profiles.md §5.2) whose value differs from their documented default, by name:
    /// empty for a task any build would lay out with its defaults.
    /// </summary>
    public IReadOnlyDictionary<string, ulong> Extensions { get; init; } = CanonicalExtensions.None;

    /// <summary>Value equality, including the flag set and the extensions.</summary>
    public bool Equals(CanonicalTask? other) =>
        other is not null && TaskId == other.TaskId && State == other.State && Flags.SetEquals(other.Flags)
        && CanonicalExtensions.Equal(Extensions, other.Extensions)
        && NextThreadId == other.NextThreadId && NextAreaId == other.NextAreaId && ThreadCount == other.ThreadCount
        && AreaCount == other.AreaCount && HeapCursor == other.HeapCursor && RngState == other.RngState;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TaskId, State, Flags.Count, NextThreadId, NextAreaId, ThreadCount, AreaCount, HeapCursor);
}
