namespace KernelSim.Restore;

/// <summary>The tasks one restore re-created, in image order.</summary>
public sealed record RestoreResult(string Path, IReadOnlyList<RestoredTask> Tasks);
