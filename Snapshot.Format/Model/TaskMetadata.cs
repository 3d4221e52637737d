namespace Snapshot.Format;

/// <summary>Everything about one task except its memory.</summary>
public sealed record TaskMetadata(TaskRecord Task, IReadOnlyList<AreaRecord> Areas, IReadOnlyList<ThreadRecord> Threads);
