namespace KernelSim.Checkpoint;

/// <summary>What a checkpoint wrote.</summary>
public sealed record CheckpointSummary(string Path, ulong TaskId, int Threads, int Areas, int MaterialisedPages, long Bytes, bool Killed);
