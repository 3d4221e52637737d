using Snapshot.Tools.Hosting;

namespace Snapshot.Tools.Tests.Running;

/// <summary>Runs tools in-process through <see cref="ToolHost"/>, exactly as the executable does.</summary>
internal static class ToolRunner
{
    public static ToolResult Run(params string[] args) => Run(args, stdin: null, stderrIsTerminal: false);

    public static ToolResult Run(string[] args, Stream? stdin, bool stderrIsTerminal = false)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = ToolHost.Run(args, stdout, stderr, stderrIsTerminal, stdoutIsTerminal: false, stdin: stdin);
        return new ToolResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
