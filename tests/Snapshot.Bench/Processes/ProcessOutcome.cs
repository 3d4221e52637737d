namespace Snapshot.Bench.Processes;

/// <summary>
/// How one child run ended: exit code (128 + signal when killed), elapsed time, CPU time (user + system) and peak
/// resident memory (both null when they cannot be measured here), and the end of its stderr.
/// </summary>
public sealed record ProcessOutcome(int ExitCode, TimeSpan Elapsed, double? CpuSeconds, long? PeakRssBytes, string StandardErrorTail);
