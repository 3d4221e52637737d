namespace Snapshot.Format;

/// <summary>The checkpoint set: the tasks in the image, and whether they were killed after the checkpoint.</summary>
public sealed record CheckpointRecord(IReadOnlyList<ulong> TaskIds, bool KilledAfter);
