using System.ComponentModel;
using Snapshot.Bench.Processes;
using Snapshot.Bench.Reporting;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// Runs the selected comparisons: prepares their data, times the tool and its peer the given number of times
/// each, alternating (tool, peer, tool, peer, ...) so that both see the same machine load, and collects a
/// <see cref="BenchReport"/>. A row that cannot be measured says why; nothing is estimated.
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter progress)
{
    public const long RssLimitBytes = 256L << 20;

    private readonly Dictionary<string, Figures> _measured = new(StringComparer.Ordinal);

    public BenchReport Run()
    {
        ToolSet tools = ToolSet.Locate(options.ToolsDirectory);
        Directory.CreateDirectory(options.WorkDirectory);
        var sampler = new Sampler(Path.Combine(options.WorkDirectory, "stderr.txt"));
        ToolFeatures features = ToolFeatures.Probe(tools, options.WorkDirectory);
        MemorySource source = features.MemMix ? MemorySource.MemMix : MemorySource.HeapFill;
        using var work = new Workspace(options.WorkDirectory, options.Size, options.Runs, options.Level, source, tools, sampler, options.Keep, Say);
        work.Scratch("stderr.txt");

        string loadBefore = LoadAverage.Read();
        var rows = new List<RowResult>();
        foreach (Comparison comparison in Comparisons.Create(tools, work, features).Where(c => options.Only.Count == 0 || options.Only.Contains(c.Name)))
        {
            Say($"measuring {comparison.Name}");
            rows.Add(Measure(comparison, sampler));
        }
        string loadAfter = LoadAverage.Read();

        string generator = source == MemorySource.MemMix
            ? "image A is a kernel-sim checkpoint of memmix (`kernel-sim checkpoint memmix`); the write rows time the Checkpointer's write phase in-process " +
              "(`Snapshot.Bench checkpoint-task`: the simulation filling the memory is not timed); raw memory A is memmix's area taken out of image A; " +
              "image B is image A with that area's pages from raw memory B, by the same writer (`Snapshot.Bench write-image`)"
            : "kernel-sim checkpoint of tests/Snapshot.Bench/Programs/holdmem.s, heap pages written by the Snapshot.Format writer (`Snapshot.Bench write-image`, " +
              "the same ImageWriter kernel-sim's Checkpointer uses), because kernel-sim has no memmix program in this build";
        generator += $"; snap* tools run from {tools.SnapToolsDirectory}";
        return new BenchReport(generator, MachineDescription.Describe(), $"{loadBefore} before, {loadAfter} after",
            options.Size, options.Runs, options.Level, Environment.ProcessorCount, work.Mix, work.ChangedPages, RssLimitBytes,
            ChildProcess.MeasuresPeakRss ? "GNU time (/usr/bin/time -f \"%M %U %S\", the child's wait4 rusage) around each run" : "not measured: install the Debian package time",
            rows);
    }

    private RowResult Measure(Comparison comparison, Sampler sampler)
    {
        Figures? tool = null;
        Figures? peer = null;
        string? note = comparison.Unavailable;
        string status = RowStatus.Measured;
        try
        {
            // Both commands first (their factories prepare the data, untimed), then the runs, alternating.
            CommandLine? toolCommand = comparison.Unavailable is null ? comparison.Tool() : null;
            if (toolCommand is null)
                status = RowStatus.NotAvailable;
            CommandLine? peerCommand = null;
            if (comparison.PeerProgram is null || comparison.PeerProgram.Locate() is not null)
                peerCommand = comparison.Peer(comparison.PeerProgram?.Locate() ?? "");
            else if (status == RowStatus.Measured)
            {
                status = RowStatus.PeerMissing;
                note = $"{comparison.PeerProgram.Name} is not installed: apt-get install {comparison.PeerProgram.DebianPackage}";
            }

            (tool, peer) = MeasureAlternating(toolCommand, comparison.ToolExitCodes, peerCommand, comparison.PeerExitCodes, sampler);
        }
        catch (Exception ex) when (ex is CommandFailedException or BenchSetupException or IOException or Win32Exception)
        {
            status = RowStatus.Failed;
            note = ex.Message;
        }

        double? ratio = tool?.MedianSeconds is > 0 && peer?.MedianSeconds is { } peerSeconds ? peerSeconds / tool.MedianSeconds : null;
        return new RowResult(
            comparison.Name,
            comparison.Title,
            status,
            tool,
            comparison.PeerTitle,
            peer,
            comparison.PeerProgram?.DebianPackage,
            ratio,
            comparison.Target.Text,
            status == RowStatus.Failed ? null : comparison.Target.Met(ratio, tool?.MedianSeconds),
            comparison.RssExemption is null && tool?.PeakRssBytes is { } rss ? rss < RssLimitBytes : null,
            comparison.RssExemption is { } exemption ? (note is null ? $"RSS limit not applied: {exemption}" : $"{note}; RSS limit not applied: {exemption}") : note);
    }

    /// <summary>
    /// The figures of both commands (null for a command not given), run alternately. A command measured before in
    /// this benchmark run (the full write, peer of the incremental write) reuses its figures instead of repeating them.
    /// </summary>
    private (Figures? Tool, Figures? Peer) MeasureAlternating(CommandLine? tool, IReadOnlyCollection<int> toolCodes,
        CommandLine? peer, IReadOnlyCollection<int> peerCodes, Sampler sampler)
    {
        Figures? knownTool = tool is null ? null : Known(tool, toolCodes, sampler);
        Figures? knownPeer = peer is null ? null : Known(peer, peerCodes, sampler);
        var toolSample = new Sample();
        var peerSample = new Sample();
        for (int run = 0; run < options.Runs; run++)
        {
            if (tool is not null && knownTool is null)
                sampler.MeasureOnce(tool, toolCodes, toolSample);
            if (peer is not null && knownPeer is null)
                sampler.MeasureOnce(peer, peerCodes, peerSample);
        }
        return (tool is null ? null : knownTool ?? Remember(tool, toolSample), peer is null ? null : knownPeer ?? Remember(peer, peerSample));
    }

    /// <summary>
    /// The figures already measured for a command, or null. A command that times its own phases runs its rounds in
    /// one process, here, once for all the rows that take one of its phases.
    /// </summary>
    private Figures? Known(CommandLine command, IReadOnlyCollection<int> exitCodes, Sampler sampler)
    {
        if (command.TimingFile is null)
            return _measured.GetValueOrDefault(command.Display);
        string label = command.TimingLabel ?? throw new ArgumentException("a self-timing command needs a label", nameof(command));
        if (!_measured.ContainsKey(Key(command.Display, label)))
        {
            foreach ((string phase, Sample sample) in sampler.MeasureSession(command, exitCodes))
                _measured[Key(command.Display, phase)] = Figures(command, sample);
        }
        return _measured.GetValueOrDefault(Key(command.Display, label))
            ?? throw new CommandFailedException($"{command.Display} timed no '{label}' phase");
    }

    private Figures Remember(CommandLine command, Sample sample)
    {
        Figures figures = Figures(command, sample);
        _measured.Add(command.Display, figures);
        return figures;
    }

    private static Figures Figures(CommandLine command, Sample sample) =>
        new(command.Display, sample.Seconds, sample.MedianSeconds, sample.MedianCpuSeconds, sample.PeakRssBytes);

    private static string Key(string display, string label) => $"{display}#{label}";

    private void Say(string message) => progress.WriteLine($"bench: {message}");
}
