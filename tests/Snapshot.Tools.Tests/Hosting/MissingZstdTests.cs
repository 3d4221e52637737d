using System.Diagnostics;


namespace Snapshot.Tools.Tests.Hosting;

/// <summary>
/// Without libzstd.so.1 the tools must say so in one line, not crash. The test hides the real library in a
/// private mount namespace (root and unshare(1), as on the project's machines) and runs the real executables
/// there, so nothing in the product has a test-only switch.
/// </summary>
public sealed class MissingZstdTests
{
    [Fact]
    public void Tools_and_kernel_sim_report_a_missing_zstd_library_in_one_line()
    {
        var library = ResolveZstd();
        var fixture = Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap");
        var tools = Path.Combine(AppContext.BaseDirectory, "snaptools.dll");
        var kernelSim = Path.Combine(AppContext.BaseDirectory, "kernel-sim.dll");
        var output = Path.Combine(Path.GetTempPath(), $"missing-zstd-{Environment.ProcessId}.snap");
        var script = string.Join("\n",
            "set -u",
            $"mount --bind /dev/null '{library}' || exit 99",
            $"dotnet '{tools}' snapcheck '{fixture}'; echo \"snapcheck-exit=$?\"",
            $"dotnet '{tools}' snapinfo '{fixture}' >/dev/null; echo \"snapinfo-exit=$?\"",
            $"dotnet '{kernelSim}' checkpoint ckpt --ticks 100 -o '{output}' >/dev/null; echo \"checkpoint-exit=$?\"",
            $"dotnet '{kernelSim}' restore '{fixture}' >/dev/null; echo \"restore-exit=$?\"");

        var (exitCode, stdout, stderr) = RunUnshared(script);

        Assert.True(exitCode == 0, $"unshare failed (exit {exitCode}): {stderr}");
        Assert.Contains("snapcheck-exit=2", stdout, StringComparison.Ordinal);
        Assert.Contains("snapinfo-exit=0", stdout, StringComparison.Ordinal); // snapinfo never reads page data
        Assert.Contains("checkpoint-exit=2", stdout, StringComparison.Ordinal);
        Assert.Contains("restore-exit=2", stdout, StringComparison.Ordinal);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Contains("libzstd.so.1", line, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a failed checkpoint left an image behind");
    }

    private static string ResolveZstd()
    {
        foreach (var directory in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib" })
        {
            var candidate = Path.Combine(directory, "libzstd.so.1");
            if (File.Exists(candidate))
            {
                // Bind-mount over the real file, not the symlink, so every name for it is hidden.
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        throw new InvalidOperationException("libzstd.so.1 is not installed, yet the other tests need it (Debian package libzstd1)");
    }

    private static (int ExitCode, string Stdout, string Stderr) RunUnshared(string script)
    {
        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--mount", "--propagation", "private", "bash", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the tools did not finish within 2 minutes without zstd");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
