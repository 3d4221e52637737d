using System.Diagnostics;
using System.Runtime.Versioning;
using Snapshot.Testing.Locations;
using Snapshot.Tools.Tests.Images;

namespace Snapshot.Tools.Tests.Launchers;

/// <summary>
/// The bin/ launchers: executable, thin, and rebuilding exactly when a source is newer than the last build.
/// The build itself is not run here (it takes half a minute); the staleness logic of bin/.launch is.
/// </summary>
[UnsupportedOSPlatform("windows")] // the launchers are bash scripts
public sealed class LauncherTests : IDisposable
{
    private static readonly string s_bin = Path.Combine(RepositoryRoot.Find(), "bin");
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("snapinfo", "snap_launch Snapshot.Tools tools snaptools.dll snapinfo \"$@\"")]
    [InlineData("snapcheck", "snap_launch Snapshot.Tools tools snaptools.dll snapcheck \"$@\"")]
    [InlineData("kernel-sim", "snap_launch kernel-sim kernel-sim kernel-sim.dll \"$@\"")]
    public void LauncherIsAnExecutableCallOfTheSharedLogic(string launcher, string call)
    {
        var path = Path.Combine(s_bin, launcher);

        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{launcher} must be executable");
        var lines = File.ReadAllLines(path).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Contains("/.launch\"", lines[0], StringComparison.Ordinal);
        Assert.Equal(call, lines[1]);
    }

    [Fact]
    public void SharedLogicIsValidBash() => Assert.Equal("", Bash("bash -n \"$BIN/.launch\" 2>&1"));

    [Fact]
    public void BuildIsStaleWithoutAStamp() =>
        Assert.Equal("stale", Bash("source \"$BIN/.launch\"; snap_is_stale \"$STAMP\" Snapshot.Tools && echo stale || echo current"));

    [Fact]
    public void BuildIsCurrentWhenNoSourceIsNewerThanTheStamp()
    {
        File.WriteAllText(Stamp, "");
        File.SetLastWriteTimeUtc(Stamp, DateTime.UtcNow.AddDays(1));

        Assert.Equal("current", Bash("source \"$BIN/.launch\"; snap_is_stale \"$STAMP\" Snapshot.Tools Snapshot.Format && echo stale || echo current"));
    }

    [Fact]
    public void BuildIsStaleWhenASourceIsNewerThanTheStamp()
    {
        File.WriteAllText(Stamp, "");
        File.SetLastWriteTimeUtc(Stamp, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("stale", Bash("source \"$BIN/.launch\"; snap_is_stale \"$STAMP\" Snapshot.Tools && echo stale || echo current"));
    }

    private string Stamp => _scratch.File(".built");

    private string Bash(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BIN"] = s_bin;
        start.Environment["STAMP"] = Stamp;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bash exited {process.ExitCode}: {error}");
        return output.Trim();
    }
}
