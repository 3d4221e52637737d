namespace KernelSim.Restore;

/// <summary>The tasks one restore re-created, in image order, and what it did besides (connections hung up, files closed or moved).</summary>
public sealed record RestoreResult(string Path, IReadOnlyList<RestoredTask> Tasks)
{
    /// <summary>One line each: a connection hung up (missing or duplicate server under --err-resume, a service that did not cooperate), a file closed or moved to its end.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
