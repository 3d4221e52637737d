namespace Snapshot.Format.Diff;

/// <summary>The checkpoint sets (task ids) and the kill-after flag of both images.</summary>
public sealed record CheckpointDiff(CheckpointRecord A, CheckpointRecord B)
{
    /// <summary>Task ids in B's checkpoint set and not in A's, ascending.</summary>
    public IReadOnlyList<ulong> TasksAdded => [.. B.TaskIds.Except(A.TaskIds).Order()];

    /// <summary>Task ids in A's checkpoint set and not in B's, ascending.</summary>
    public IReadOnlyList<ulong> TasksRemoved => [.. A.TaskIds.Except(B.TaskIds).Order()];

    /// <summary>True when the sets or the kill-after flag differ.</summary>
    public bool HasDifferences => TasksAdded.Count > 0 || TasksRemoved.Count > 0 || A.KilledAfter != B.KilledAfter;
}
