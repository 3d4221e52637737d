using System.Diagnostics;

namespace KernelSim.Cli;

/// <summary>
/// Runs the real <c>snapinfo</c> on an image, as a user would: through the <c>bin/snapinfo</c> launcher of
/// the source tree kernel-sim was built from. kernel-sim never links the tools (they sit above the format
/// library, beside the simulator), so the demo uses them the way a person does: as a program.
/// </summary>
public static class SnapInfoProcess
{
    // The first use builds the tools: about 100 s on two idle cores (a self-contained ReadyToRun composite), several
    // minutes when the machine is busy, as under the test suite.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>The launcher of the checkout around the current directory or around kernel-sim itself, if any.</summary>
    public static string? FindLauncher()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var launcher = Path.Combine(directory.FullName, "bin", "snapinfo");
                if (File.Exists(Path.Combine(directory.FullName, "tools.sln")) && File.Exists(launcher))
                {
                    return launcher;
                }
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="launcher"/> on <paramref name="image"/>; returns its exit code, standard output and error.</summary>
    public static (int ExitCode, string Output, string Error) Run(string launcher, string image)
    {
        var start = new ProcessStartInfo(launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(image);
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {launcher}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output.Result, $"{launcher} did not finish within {Limit.TotalMinutes} minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
