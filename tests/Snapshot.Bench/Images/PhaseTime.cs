namespace Snapshot.Bench.Images;

/// <summary>The time one timed phase of a process took: elapsed, and CPU (user + system, every thread).</summary>
public readonly record struct PhaseTime(TimeSpan Elapsed, TimeSpan Cpu);
