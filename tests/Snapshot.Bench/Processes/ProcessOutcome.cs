namespace Snapshot.Bench.Processes;

/// <summary>How one child run ended: exit code (128 + signal when killed), elapsed time, peak resident memory (null when it cannot be measured here), and the end of its stderr.</summary>
public sealed record ProcessOutcome(int ExitCode, TimeSpan Elapsed, long? PeakRssBytes, string StandardErrorTail);
