namespace Snapshot.Bench.Cli;

/// <summary>The benchmark's exit codes, in the tools' tradition.</summary>
public static class ExitCodes
{
    /// <summary>Every selected row was measured (or reported as not available or peer missing).</summary>
    public const int Success = 0;

    /// <summary>At least one row failed: a tool or peer exited with an unexpected code.</summary>
    public const int RowFailed = 1;

    /// <summary>Usage error, or the data could not be prepared.</summary>
    public const int Trouble = 2;
}
