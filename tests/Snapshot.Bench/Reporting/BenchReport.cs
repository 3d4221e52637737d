using Snapshot.Bench.Memory;

namespace Snapshot.Bench.Reporting;

/// <summary>Everything one benchmark run measured, as written to --json-out.</summary>
public sealed record BenchReport(
    string Generator,
    string Machine,
    string LoadAverage,
    long SizeBytes,
    int Runs,
    int CompressionLevel,
    int ProcessorCount,
    PageMix? Memory,
    long ChangedPages,
    long RssLimitBytes,
    string PeakRssSource,
    IReadOnlyList<RowResult> Rows);
