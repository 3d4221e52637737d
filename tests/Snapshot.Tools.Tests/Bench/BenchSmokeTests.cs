using System.Diagnostics;
using System.Text.Json;
using Snapshot.Testing.Locations;

namespace Snapshot.Tools.Tests.Bench;

/// <summary>
/// tests/Snapshot.Bench at a tiny size: every row is in the table and in the JSON, each either measured or saying
/// why not (not available, peer missing), and the data is cleaned up. Figures are never asserted: speed is for the
/// benchmark run at full size, not for tests. The benchmark runs as its own process, as a user runs it.
/// </summary>
public sealed class BenchSmokeTests : IDisposable
{
    private static readonly string[] s_rows = ["write", "incremental", "info", "quick", "check", "diff", "diff-same", "upgrade", "restore", "json-decode", "json-encode"];
    private static readonly string[] s_titles =
    [
        "checkpoint write", "incremental checkpoint write (1% pages changed)", "snapinfo", "snapcheck --quick", "snapcheck", "snapdiff (1% pages differ)", "snapdiff (identical)",
        "snapupgrade --to spartan-0.5", "kernel-sim restore", "snapconv decode (image to JSON)", "snapconv encode (JSON to image)",
    ];
    private static readonly string[] s_statuses = ["measured", "peer missing", "not available"];
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _scratch = new("snapshot-bench-tests-");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void TinyRunReportsEveryRowAndWritesJson()
    {
        string json = _scratch.File("bench.json");

        (int exitCode, string output, string error) = RunBench("all", "--size", "4MiB", "--runs", "1", "--work-dir", _scratch.File("work"), "--json-out", json);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        string[] tableRows = output.Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal)).ToArray();
        Assert.StartsWith("| Measurement | Tool | Tool CPU | Tool RSS | Peer |", tableRows[0], StringComparison.Ordinal);
        // The write row names its path: "(kernel-sim memmix)" when kernel-sim has memmix, "(HeapImage writer)" otherwise.
        Assert.Equal(s_titles, tableRows.Skip(1).Select(row => WithoutPath(row.Split(" | ")[0].TrimStart('|', ' '))).ToArray());

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = report.RootElement;
        Assert.Equal(4L << 20, root.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(1024, root.GetProperty("memory").GetProperty("zeroPages").GetInt64()
                         + root.GetProperty("memory").GetProperty("repetitivePages").GetInt64()
                         + root.GetProperty("memory").GetProperty("randomPages").GetInt64());
        Assert.Equal(10, root.GetProperty("changedPages").GetInt64());
        JsonElement[] rows = root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(s_rows, rows.Select(r => r.GetProperty("name").GetString()!).ToArray());
        foreach (JsonElement row in rows)
            AssertRowIsHonest(row, tableRows);

        // kernel-sim has memmix: the write rows measure its checkpoints, and the incremental row's peer is the write
        // row's own runs (one session serves both), not a second measurement.
        Assert.StartsWith("| checkpoint write (kernel-sim memmix) |", tableRows[1], StringComparison.Ordinal);
        Assert.Equal("measured", rows[1].GetProperty("status").GetString());
        Assert.Equal(rows[0].GetProperty("tool").GetProperty("seconds").GetRawText(), rows[1].GetProperty("peer").GetProperty("seconds").GetRawText());
        Assert.Null(rows[1].GetProperty("peerPackage").GetString());
    }

    [Fact]
    public void OnlyMeasuresTheNamedRowsAndLeavesNoDataBehind()
    {
        string json = _scratch.File("only.json");
        string work = _scratch.File("work");

        (int exitCode, string output, string error) = RunBench("all", "--size", "1MiB", "--runs", "2", "--only", "info,check", "--work-dir", work, "--json-out", json);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] rows = report.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(new[] { "info", "check" }, rows.Select(r => r.GetProperty("name").GetString()!).ToArray());
        Assert.All(rows, row => Assert.Equal(2, row.GetProperty("tool").GetProperty("seconds").GetArrayLength()));
        Assert.Empty(Directory.GetFiles(work));
    }

    [Fact]
    public void MissingPeersAreNamedWithTheirDebianPackage()
    {
        string json = _scratch.File("missing.json");

        // No PATH: every peer (zstd, cmp, cat) is missing, while the tools run through the dotnet host by its path.
        (int exitCode, string output, string error) = RunBench(new Dictionary<string, string> { ["PATH"] = _scratch.File("empty-path") },
            "all", "--size", "1MiB", "--runs", "1", "--only", "write,diff,quick", "--work-dir", _scratch.File("work"), "--json-out", json);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] rows = report.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        // Rows keep the report's order whatever the order of --only.
        Assert.Equal(new[] { "zstd", "coreutils", "diffutils" }, rows.Select(r => r.GetProperty("peerPackage").GetString()!).ToArray());
        Assert.All(rows, row => Assert.Equal(JsonValueKind.Null, row.GetProperty("peer").ValueKind));
        Assert.Equal("peer missing", rows[0].GetProperty("status").GetString());
        Assert.Equal("peer missing", rows[2].GetProperty("status").GetString());
        Assert.Contains("| peer missing (apt-get install zstd) |", output, StringComparison.Ordinal);
        Assert.Contains("| peer missing (apt-get install diffutils) |", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--size", "3KiB", "--size must be a whole number of MiB")]
    [InlineData("--size", "lots", "is not a size")]
    [InlineData("--only", "speed", "unknown row 'speed'")]
    [InlineData("--runs", "0", "--runs must be at least 1")]
    public void BadOptionIsOneLineAndExitCodeTwo(string option, string value, string message)
    {
        (int exitCode, string output, string error) = RunBench("all", option, value, "--work-dir", _scratch.File("work"));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("bench: ", StringComparison.Ordinal));
    }

    private static string WithoutPath(string title) =>
        title.StartsWith("checkpoint write (", StringComparison.Ordinal) ? "checkpoint write" : title;

    private static void AssertRowIsHonest(JsonElement row, string[] tableRows)
    {
        string name = row.GetProperty("name").GetString()!;
        string status = row.GetProperty("status").GetString()!;
        Assert.Contains(status, s_statuses);
        JsonElement tool = row.GetProperty("tool");
        if (status == "not available")
        {
            Assert.Equal(JsonValueKind.Null, tool.ValueKind);
            Assert.False(string.IsNullOrEmpty(row.GetProperty("note").GetString()), $"{name}: a row not available says why");
            return;
        }

        Assert.Single(tool.GetProperty("seconds").EnumerateArray());
        Assert.True(tool.GetProperty("medianSeconds").GetDouble() > 0, $"{name}: tool time");
        Assert.True(tool.GetProperty("peakRssBytes").GetInt64() > 0, $"{name}: tool peak RSS");
        if (status == "peer missing")
        {
            Assert.Equal(JsonValueKind.Null, row.GetProperty("peer").ValueKind);
            string package = row.GetProperty("peerPackage").GetString()!;
            Assert.Contains(tableRows, line => line.Contains($"peer missing (apt-get install {package})", StringComparison.Ordinal));
            return;
        }

        double ratio = row.GetProperty("ratio").GetDouble();
        double toolSeconds = tool.GetProperty("medianSeconds").GetDouble();
        double peerSeconds = row.GetProperty("peer").GetProperty("medianSeconds").GetDouble();
        Assert.Equal(peerSeconds / toolSeconds, ratio, 9);
    }

    private static (int ExitCode, string Output, string Error) RunBench(params string[] arguments) =>
        RunBench(new Dictionary<string, string>(), arguments);

    private static (int ExitCode, string Output, string Error) RunBench(Dictionary<string, string> environment, params string[] arguments)
    {
        string bench = Path.Combine(AppContext.BaseDirectory, "Snapshot.Bench.dll");
        Assert.True(File.Exists(bench),
            $"{bench} is missing: tests/Snapshot.Tools.Tests needs a ProjectReference to tests/Snapshot.Bench/Snapshot.Bench.csproj");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet, [bench, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the benchmark did not finish within {s_timeout}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
