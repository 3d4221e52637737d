using System.CommandLine;
using System.Text.Json;
using Snapshot.Bench.Measuring;
using Snapshot.Bench.Reporting;

namespace Snapshot.Bench.Cli;

/// <summary><c>Snapshot.Bench all --size 4GiB</c>: generates the data and measures every row in one run.</summary>
public sealed class AllCommand : Command
{
    private readonly Option<string> _size = new("--size") { Description = "Memory size of the images (e.g. 4GiB, 64MiB; whole MiB).", DefaultValueFactory = _ => "256MiB" };
    private readonly Option<int> _runs = new("--runs") { Description = "Runs per command; each figure is their median.", DefaultValueFactory = _ => 3 };
    private readonly Option<int> _level = new("--level")
    {
        Description = "zstd level of the images and of the zstd peer (zstd -LEVEL -T0), 1..19; issue 6 compares with zstd -1.",
        DefaultValueFactory = _ => 1,
    };
    private readonly Option<string[]> _only = new("--only")
    {
        Description = $"Measure only these rows ({string.Join(", ", Comparisons.Names)}); repeat or separate with commas.",
        AllowMultipleArgumentsPerToken = true,
    };
    private readonly Option<string?> _workDir = new("--work-dir") { Description = "Where the data is made (default: a folder in the temporary directory)." };
    private readonly Option<string?> _jsonOut = new("--json-out") { Description = "Also write the report as JSON to this file." };
    private readonly Option<bool> _keep = new("--keep") { Description = "Keep the generated data in the work directory." };
    private readonly Option<string?> _toolsDir = new("--tools-dir")
    {
        Description = "Run the snap* tools from this directory (e.g. a ReadyToRun 'dotnet publish Snapshot.Tools', as bin/ runs them) instead of the build beside the benchmark.",
    };

    public AllCommand()
        : base("all", "Generate mixed-memory images of --size and measure every tool against its peer (median of --runs runs).")
    {
        Options.Add(_size);
        Options.Add(_runs);
        Options.Add(_level);
        Options.Add(_only);
        Options.Add(_workDir);
        Options.Add(_jsonOut);
        Options.Add(_keep);
        Options.Add(_toolsDir);
        SetAction(parseResult => Execute(
            parseResult.GetValue(_size)!,
            parseResult.GetValue(_runs),
            parseResult.GetValue(_level),
            parseResult.GetValue(_only) ?? [],
            parseResult.GetValue(_workDir),
            parseResult.GetValue(_jsonOut),
            parseResult.GetValue(_keep),
            parseResult.GetValue(_toolsDir)));
    }

    private static int Execute(string sizeText, int runs, int level, string[] only, string? workDir, string? jsonOut, bool keep, string? toolsDir)
    {
        if (!ByteSize.TryParse(sizeText, out long size))
            return Fail($"--size: '{sizeText}' is not a size (e.g. 4GiB, 64MiB)");
        if (runs < 1)
            return Fail("--runs must be at least 1");
        if (level is < 1 or > 19)
            return Fail("--level must be a zstd level 1..19");
        var selected = only.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        if (selected.FirstOrDefault(name => !Comparisons.Names.Contains(name)) is { } unknown)
            return Fail($"--only: unknown row '{unknown}' (rows: {string.Join(", ", Comparisons.Names)})");

        var options = new BenchOptions(size, runs, level, selected,
            Path.GetFullPath(workDir ?? Path.Combine(Path.GetTempPath(), "snapshot-bench")), jsonOut, keep,
            toolsDir is null ? null : Path.GetFullPath(toolsDir));
        BenchReport report;
        try
        {
            report = new BenchRunner(options, Console.Error).Run();
        }
        catch (Exception ex) when (ex is BenchSetupException or CommandFailedException or IOException or UnauthorizedAccessException)
        {
            return Fail(ex.Message);
        }

        Console.Out.Write(MarkdownReport.Render(report));
        if (jsonOut is not null)
            File.WriteAllText(jsonOut, JsonSerializer.Serialize(report, BenchJsonContext.Relaxed.BenchReport) + "\n");
        return report.Rows.Any(r => r.Status == RowStatus.Failed) ? ExitCodes.RowFailed : ExitCodes.Success;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"bench: {message}");
        return ExitCodes.Trouble;
    }
}
