namespace Snapshot.Format.Diff;

/// <summary>A semantic comparison of image A (before) with image B (after).</summary>
/// <param name="PathA">A's path.</param>
/// <param name="PathB">B's path.</param>
/// <param name="Header">Format versions and features.</param>
/// <param name="Build">Kernel build stamps.</param>
/// <param name="Checkpoint">Checkpoint sets.</param>
/// <param name="Tasks">Every task of either image, by task id.</param>
/// <param name="Chunks">What memory comparison read and skipped.</param>
public sealed record ImageDiff(string PathA, string PathB, HeaderDiff Header, BuildDiff Build, CheckpointDiff Checkpoint,
                               IReadOnlyList<TaskDiff> Tasks, ChunkStatistics Chunks)
{
    /// <summary>The checkpoint sets' external state (format 1.2), compared item by item.</summary>
    public ExternalStateDiff External { get; init; } = ExternalStateDiff.None;

    /// <summary>True when anything differs: header, build, checkpoint set, external state, or any task.</summary>
    public bool HasDifferences =>
        Header.HasDifferences || Build.HasDifferences || Checkpoint.HasDifferences || External.HasDifferences
        || Tasks.Any(t => t.HasDifferences);
}
