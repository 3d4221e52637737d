namespace Snapshot.Bench.Measuring;

/// <summary>What `Snapshot.Bench all` was asked to do.</summary>
public sealed record BenchOptions(long Size, int Runs, int Level, IReadOnlySet<string> Only, string WorkDirectory, string? JsonOut, bool Keep,
    string? ToolsDirectory = null);
