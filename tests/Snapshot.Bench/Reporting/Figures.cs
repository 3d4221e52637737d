namespace Snapshot.Bench.Reporting;

/// <summary>
/// One side of a row: the command, every run's elapsed seconds, their median, the median CPU seconds (user + system;
/// null when not measurable) and the peak RSS.
/// </summary>
public sealed record Figures(string Command, IReadOnlyList<double> Seconds, double? MedianSeconds, double? MedianCpuSeconds, long? PeakRssBytes);
