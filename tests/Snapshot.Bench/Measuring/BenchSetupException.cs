namespace Snapshot.Bench.Measuring;

/// <summary>The benchmark could not prepare its inputs or find its programs; reported in one line, exit code 2.</summary>
public sealed class BenchSetupException(string message) : Exception(message);
