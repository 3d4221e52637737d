using Snapshot.Bench.Memory;

namespace Snapshot.Bench.Reporting;

/// <summary>Everything one benchmark run measured, as written to --json-out.</summary>
public sealed record BenchReport(
    string Generator,
    string Machine,
    long SizeBytes,
    int Runs,
    int ProcessorCount,
    PageMix? Memory,
    long ChangedPages,
    long RssLimitBytes,
    string PeakRssSource,
    IReadOnlyList<RowResult> Rows);
