using System.ComponentModel;
using Snapshot.Bench.Processes;
using Snapshot.Bench.Reporting;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// Runs the selected comparisons: prepares their data, times the tool and its peer the given number of times
/// each, and collects a <see cref="BenchReport"/>. A row that cannot be measured says why; nothing is estimated.
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter progress)
{
    public const long RssLimitBytes = 256L << 20;

    public BenchReport Run()
    {
        ToolSet tools = ToolSet.Locate();
        Directory.CreateDirectory(options.WorkDirectory);
        var sampler = new Sampler(Path.Combine(options.WorkDirectory, "stderr.txt"));
        ToolFeatures features = ToolFeatures.Probe(tools, options.WorkDirectory);
        MemorySource source = features.MemMix ? MemorySource.MemMix : MemorySource.HeapFill;
        using var work = new Workspace(options.WorkDirectory, options.Size, source, tools, sampler, options.Keep, Say);
        work.Scratch("stderr.txt");

        var rows = new List<RowResult>();
        foreach (Comparison comparison in Comparisons.Create(tools, work, features).Where(c => options.Only.Count == 0 || options.Only.Contains(c.Name)))
        {
            Say($"measuring {comparison.Name}");
            rows.Add(Measure(comparison, sampler));
        }

        string generator = source == MemorySource.MemMix
            ? "image A is a kernel-sim checkpoint of memmix (`kernel-sim checkpoint memmix`); the write row times the Checkpointer's write phase in-process " +
              "(`Snapshot.Bench checkpoint-task`: the simulation filling the memory is not timed); raw memory A is memmix's area taken out of image A; " +
              "image B is image A with that area's pages from raw memory B, by the same writer (`Snapshot.Bench write-image`)"
            : "kernel-sim checkpoint of tests/Snapshot.Bench/Programs/holdmem.s, heap pages written by the Snapshot.Format writer (`Snapshot.Bench write-image`, " +
              "the same ImageWriter kernel-sim's Checkpointer uses), because kernel-sim has no memmix program in this build";
        return new BenchReport(generator, MachineDescription.Describe(), options.Size, options.Runs, Environment.ProcessorCount, work.Mix, work.ChangedPages, RssLimitBytes,
            ChildProcess.MeasuresPeakRss ? "GNU time (/usr/bin/time -f %M) around each run" : "not measured: install the Debian package time", rows);
    }

    private RowResult Measure(Comparison comparison, Sampler sampler)
    {
        Figures? tool = null;
        Figures? peer = null;
        string? note = comparison.Unavailable;
        string status = RowStatus.Measured;
        try
        {
            if (comparison.Unavailable is null)
                tool = Figures(comparison.Tool(), comparison.ToolExitCodes, sampler);
            else
                status = RowStatus.NotAvailable;

            if (comparison.PeerProgram.Locate() is { } peerPath)
                peer = Figures(comparison.Peer(peerPath), comparison.PeerExitCodes, sampler);
            else if (status == RowStatus.Measured)
            {
                status = RowStatus.PeerMissing;
                note = $"{comparison.PeerProgram.Name} is not installed: apt-get install {comparison.PeerProgram.DebianPackage}";
            }
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
            comparison.PeerProgram.DebianPackage,
            ratio,
            comparison.Target.Text,
            status == RowStatus.Failed ? null : comparison.Target.Met(ratio, tool?.MedianSeconds),
            comparison.RssExemption is null && tool?.PeakRssBytes is { } rss ? rss < RssLimitBytes : null,
            comparison.RssExemption is { } exemption ? (note is null ? $"RSS limit not applied: {exemption}" : $"{note}; RSS limit not applied: {exemption}") : note);
    }

    private Figures Figures(CommandLine command, IReadOnlyCollection<int> exitCodes, Sampler sampler)
    {
        Sample sample = sampler.Measure(command, options.Runs, exitCodes);
        return new Figures(command.Display, sample.Seconds, sample.MedianSeconds, sample.PeakRssBytes);
    }

    private void Say(string message) => progress.WriteLine($"bench: {message}");
}
