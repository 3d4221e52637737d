namespace Snapshot.Format.Kernels;

/// <summary>A task's kernel struct in build-independent form (state and flags by name).</summary>
public sealed record CanonicalTask(ulong TaskId, string State, IReadOnlySet<string> Flags, uint NextThreadId,
    uint NextAreaId, uint ThreadCount, uint AreaCount, ulong HeapCursor, ulong RngState)
{
    /// <summary>Value equality, including the flag set.</summary>
    public bool Equals(CanonicalTask? other) =>
        other is not null && TaskId == other.TaskId && State == other.State && Flags.SetEquals(other.Flags)
        && NextThreadId == other.NextThreadId && NextAreaId == other.NextAreaId && ThreadCount == other.ThreadCount
        && AreaCount == other.AreaCount && HeapCursor == other.HeapCursor && RngState == other.RngState;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TaskId, State, Flags.Count, NextThreadId, NextAreaId, ThreadCount, AreaCount, HeapCursor);
}
