using System.Diagnostics;
using System.Security.Cryptography;
using Snapshot.Fuzz.Corpus;
using Snapshot.Fuzz.Mutation;
using Snapshot.Fuzz.Targets;
using Snapshot.Tools.Hosting;

namespace Snapshot.Fuzz.Campaign;

/// <summary>
/// Feeds inputs to every target, each under a watchdog (time limit) and, for the library reader paths, an
/// allocation limit measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>. Only the documented
/// outcomes are allowed; anything else is a <see cref="Finding"/>, and its input is saved once per distinct
/// finding.
/// </summary>
public sealed class FuzzCampaign : IDisposable
{
    /// <summary>Tools the harness would like to run; those missing from this build are reported as skipped, never silently.</summary>
    public static readonly IReadOnlyList<string> WantedTools = ["snapinfo", "snapcheck", "snapdiff", "snaprepair", "snapupgrade"];

    private readonly FuzzOptions _options;
    private readonly TextWriter _progress;
    private readonly string _scratch = Directory.CreateTempSubdirectory("snapshot-fuzz-").FullName;
    private readonly List<FuzzTarget> _targets;
    private readonly List<string> _skipped = [];
    private readonly Dictionary<string, TargetStatistics> _statistics = [];
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _signatures = [];
    private bool _hung;

    public FuzzCampaign(FuzzOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
        _targets = [new ReaderTarget(), new StreamReaderTarget(), new ValidatorTarget(), new SignatureTarget(), new ConversionTarget(), new UpgradeTarget()];
        var available = ToolHost.ToolNames;
        foreach (var tool in WantedTools)
        {
            if (!available.Contains(tool))
            {
                _skipped.Add($"{tool} (not in this build's tools: {string.Join(", ", available)})");
                continue;
            }

            if (ToolArguments(tool) is { } arguments)
            {
                _targets.Add(new ToolTarget(tool, arguments));
            }
            else
            {
                _skipped.Add($"{tool} (present, but the harness has no arguments for it yet)");
            }
        }

        _targets.Add(new RestoreTarget());
        foreach (var target in _targets)
        {
            _statistics[target.Name] = new TargetStatistics(target.Name) { MaxAllocatedBytes = target.MeasuresAllocation ? 0 : -1 };
        }
    }

    public IReadOnlyList<string> TargetNames => [.. _targets.Select(target => target.Name)];

    /// <summary>Mutates the seed corpus <see cref="FuzzOptions.Iterations"/> times.</summary>
    public FuzzSummary Run()
    {
        var clock = Stopwatch.StartNew();
        var seeds = SeedCorpus.Build(_scratch, _skipped);
        var originals = new Dictionary<string, string>();
        foreach (var seed in seeds)
        {
            var path = Path.Combine(_scratch, $"seed-{originals.Count}.snap");
            File.WriteAllBytes(path, seed.Bytes);
            originals[seed.Name] = path;
        }

        var mutator = new Mutator(_options.Seed, seeds, originals);
        var inputs = 0;
        for (var i = 0; i < _options.Iterations && !_hung; i++)
        {
            var mutant = mutator.Next();
            var description = $"seed {_options.Seed} #{i}: {mutant.SeedName}, {mutant.Kind}{(mutant.Sealed ? " (CRCs resealed)" : "")}: {mutant.Description}";
            Feed(mutant.Bytes, originals[mutant.SeedName], description);
            inputs++;
            if (_options.ProgressInterval > 0 && inputs % _options.ProgressInterval == 0)
            {
                _progress.WriteLine($"{inputs}/{_options.Iterations} inputs, {_findings.Count} findings, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        return Summary(inputs, clock.Elapsed);
    }

    /// <summary>Feeds each file (saved regressions) to every target; snapdiff compares a file with itself.</summary>
    public FuzzSummary Replay(IEnumerable<string> files)
    {
        var clock = Stopwatch.StartNew();
        var inputs = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            Feed(File.ReadAllBytes(file), file, $"regression {Path.GetFileName(file)}");
            inputs++;
        }

        return Summary(inputs, clock.Elapsed);
    }

    public void Dispose()
    {
        if (!_hung)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private static Func<FuzzInput, string[]>? ToolArguments(string tool) => tool switch
    {
        "snapinfo" => input => [input.Path],
        "snapcheck" => input => [input.Path],
        "snapdiff" => input => [input.OriginalPath, input.Path],
        "snaprepair" => input => [input.Path, "-o", Path.Combine(input.ScratchDirectory, "repaired.snap")],
        "snapupgrade" => input => [input.Path, "-o", Path.Combine(input.ScratchDirectory, "upgraded.snap"), "--to", "spartan-0.6"],
        _ => null,
    };

    private FuzzSummary Summary(int inputs, TimeSpan elapsed) =>
        new(inputs, [.. _targets.Select(target => _statistics[target.Name])], _skipped, [.. _findings], elapsed);

    private void Feed(byte[] bytes, string originalPath, string description)
    {
        var input = new FuzzInput(Path.Combine(_scratch, "input.snap"), originalPath, _scratch);
        File.WriteAllBytes(input.Path, bytes);
        foreach (var target in _targets)
        {
            if (_hung)
            {
                return;
            }

            Exercise(target, input, bytes, description);
            File.Delete(Path.Combine(_scratch, "repaired.snap"));
        }
    }

    private void Exercise(FuzzTarget target, FuzzInput input, byte[] bytes, string description)
    {
        var statistics = _statistics[target.Name];
        statistics.Tried++;
        TargetOutcome outcome = TargetOutcome.Refused;
        Exception? failure = null;
        long allocated = 0;
        var clock = Stopwatch.StartNew();
        // The watchdog: the work runs on a pool thread; a hang is reported and the campaign stops, because a
        // stuck thread cannot be taken back.
        var work = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                outcome = target.Run(input);
            }
#pragma warning disable CA1031 // Every exception is an outcome to classify.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        if (!work.Wait(_options.TimeLimit))
        {
            _hung = true;
            Record(target, FindingKind.Hang, $"no result after {_options.TimeLimit.TotalSeconds:F0} s", bytes, description);
            return;
        }

        statistics.MaxTime = clock.Elapsed > statistics.MaxTime ? clock.Elapsed : statistics.MaxTime;
        statistics.TotalTime += clock.Elapsed;
        if (target.MeasuresAllocation)
        {
            statistics.MaxAllocatedBytes = Math.Max(statistics.MaxAllocatedBytes, allocated);
            if (allocated > _options.AllocationLimit)
            {
                Record(target, FindingKind.Allocation, $"{allocated} bytes allocated for one input (limit {_options.AllocationLimit})", bytes, description);
            }
        }

        switch (failure)
        {
            case null:
                (outcome == TargetOutcome.Accepted ? () => statistics.Accepted++ : (Action)(() => statistics.Refused++))();
                break;
            case FuzzViolation violation:
                Record(target, FindingKind.Violation, violation.Message, bytes, description);
                break;
            case var ex when target.IsDocumented(ex):
                statistics.Refused++;
                break;
            default:
                Record(target, FindingKind.Crash, $"{failure.GetType().Name}: {failure.Message.ReplaceLineEndings(" ")} at {TopFrame(failure)}", bytes, description, TopFrame(failure));
                break;
        }
    }

    private void Record(FuzzTarget target, FindingKind kind, string message, byte[] bytes, string description, string? where = null)
    {
        _statistics[target.Name].Findings++;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        // One saved input per distinct problem: the same crash site found again is counted, not saved again.
        var signature = $"{target.Name}|{kind}|{where ?? message}";
        string? saved = null;
        if (_signatures.Add(signature) && _options.SaveDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            saved = Path.Combine(directory, $"{hash}.snap");
            File.WriteAllBytes(saved, bytes);
        }

        var finding = new Finding(target.Name, kind, message, hash, description, saved);
        _findings.Add(finding);
        _progress.WriteLine($"FINDING {finding}");
    }

    private static string TopFrame(Exception exception) =>
        exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no stack)";
}
