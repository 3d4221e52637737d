namespace Snapshot.Bench.Reporting;

/// <summary>One side of a row: the command, every run's seconds, the median and the peak RSS (null when not run).</summary>
public sealed record Figures(string Command, IReadOnlyList<double> Seconds, double? MedianSeconds, long? PeakRssBytes);
