using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>The benchmark's rows, in report order, each a tool against its peer on the same data (issue 6).</summary>
public static class Comparisons
{
    /// <summary>The build snapupgrade converts to (the images are written by spartan-0.4, kernel-sim's default).</summary>
    public const string UpgradeTarget = "spartan-0.5";

    /// <summary>
    /// Where cmp -l prints: a sink that is not /dev/null. GNU cmp notices an output of /dev/null and stops at the first
    /// difference, as cmp -s does; /dev/zero discards the listing just the same, but cmp has to produce all of it.
    /// </summary>
    private const string DiscardedOutput = "/dev/zero";

    private static readonly int[] Success = [0];
    private static readonly int[] Different = [1];

    public static IReadOnlyList<string> Names { get; } = ["write", "incremental", "info", "quick", "check", "diff", "diff-same", "upgrade", "restore", "json-decode", "json-encode"];

    public static IReadOnlyList<Comparison> Create(ToolSet tools, Workspace work, ToolFeatures features)
    {
        string simulated = "kernel-sim holds the simulated task's memory (the area's pages) in its own heap";
        return
    [
        new("write", work.Source == MemorySource.MemMix ? "checkpoint write (kernel-sim memmix)" : "checkpoint write (HeapImage writer)",
            work.CheckpointWrite, Success, null,
            ExternalProgram.Zstd, $"zstd -{work.Level} -T0 (raw memory)", zstd => work.ZstdCompress(zstd, work.Scratch("write.raw.zst")), Success,
            Target.AtLeast(1.0),
            work.Source == MemorySource.MemMix ? simulated + " (the write phase is timed inside the process, the RSS is the whole run's)" : null),
        new("incremental", $"incremental checkpoint write ({Workspace.ChangedPercent}% pages changed)",
            work.IncrementalWrite, Success,
            work.Source == MemorySource.MemMix ? null : "needs kernel-sim's memmix (a task whose pages change between two checkpoints)",
            null, "full checkpoint write (the write row)", _ => work.CheckpointWrite(), Success,
            Target.None,
            work.Source == MemorySource.MemMix ? simulated : null),
        new("info", "snapinfo",
            () => tools.Snap("snapinfo", work.ImageA), Success, null,
            ExternalProgram.QemuImg, "qemu-img info (qcow2)", qemu => new CommandLine(qemu, ["info", work.QcowA(qemu)]), Success,
            Target.Under(0.1)),
        new("quick", "snapcheck --quick",
            () => tools.Snap("snapcheck", "--quick", work.ImageA), Success,
            features.QuickCheck ? null : "snapcheck has no --quick option in this build",
            ExternalProgram.Cat, "cat IMAGE > /dev/null", cat => new CommandLine(cat, [work.ImageA]), Success,
            Target.AtLeast(0.5)),
        new("check", "snapcheck",
            () => tools.Snap("snapcheck", work.ImageA), Success, null,
            ExternalProgram.Zstd, "zstd -d -T0 > /dev/null", zstd => new CommandLine(zstd, ["-d", "-T0", "-q", "-c", work.ZstA(zstd)]), Success,
            Target.AtLeast(1.0)),
        new("diff", $"snapdiff ({Workspace.ChangedPercent}% pages differ)",
            () => tools.Snap("snapdiff", work.ImageA, work.ImageB), Different, null,
            ExternalProgram.Cmp, "cmp -l (raw memories)", cmp => new CommandLine(cmp, ["-l", work.RawA, work.RawB], DiscardedOutput), Different,
            Target.AtLeast(10)),
        new("diff-same", "snapdiff (identical)",
            () => tools.Snap("snapdiff", work.ImageA, work.ImageACopy), Success, null,
            ExternalProgram.QemuImg, "qemu-img compare (qcow2 copies)",
            qemu => new CommandLine(qemu, ["compare", work.QcowA(qemu), work.QcowACopy(qemu)]), Success,
            Target.AtLeast(10)),
        new("upgrade", $"snapupgrade --to {UpgradeTarget}",
            () => tools.Snap("snapupgrade", work.ImageA, "--to", UpgradeTarget, "-o", work.Scratch("upgraded.snap")), Success,
            features.Upgrade ? null : "snapupgrade is not in this build",
            ExternalProgram.Cp, "cp IMAGE", cp => new CommandLine(cp, [work.ImageA, work.Scratch("copied.snap")]), Success,
            Target.AtLeast(0.7)),
        new("restore", "kernel-sim restore",
            () => tools.KernelSim("restore", work.ImageA, "--ticks", "1"), Success, null,
            ExternalProgram.Zstd, "zstd -d > /dev/null", zstd => new CommandLine(zstd, ["-d", "-q", "-c", work.ZstA(zstd)]), Success,
            Target.AtLeast(1.0),
            simulated),
        new("json-decode", "snapconv decode (image to JSON)",
            () => tools.Snap("snapconv", "decode", work.ImageA, "-o", work.Scratch("decoded.json")), Success, null,
            ExternalProgram.Cat, "cat IMAGE > /dev/null", cat => new CommandLine(cat, [work.ImageA]), Success,
            Target.None),
        new("json-encode", "snapconv encode (JSON to image)",
            () => tools.Snap("snapconv", "encode", work.JsonA, "-o", work.Scratch("encoded.snap")), Success, null,
            ExternalProgram.Cat, "cat JSON > /dev/null", cat => new CommandLine(cat, [work.JsonA]), Success,
            Target.None),
    ];
    }
}
