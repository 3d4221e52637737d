using Snapshot.Tools.Hosting;

namespace Snapshot.Tools.Tests.Running;

/// <summary>Assertions on a whole run that many test classes make the same way.</summary>
internal static class ToolAssert
{
    /// <summary>The run exited 0 and wrote nothing to standard error; a failure shows what it did write.</summary>
    public static void Succeeded(ToolResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Success, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Empty(result.Stderr);
    }
}
