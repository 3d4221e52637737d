namespace KernelSim.Kernel;

/// <summary>How many ticks a run took and why it stopped.</summary>
public sealed record RunResult(ulong Ticks, RunStop Stop);
