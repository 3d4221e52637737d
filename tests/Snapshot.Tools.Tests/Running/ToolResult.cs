namespace Snapshot.Tools.Tests.Running;

/// <summary>What one in-process run of a tool produced.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines written to standard error.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
