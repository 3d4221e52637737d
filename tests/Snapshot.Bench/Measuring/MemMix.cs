namespace Snapshot.Bench.Measuring;

/// <summary>How the benchmark runs kernel-sim's memmix sample (kernel-sim/Programs/memmix.s, kernel-sim/README.md).</summary>
public static class MemMix
{
    public const string Program = "memmix";

    /// <summary>The format kernel-sim is asked for (its default, spelled out as the level is).</summary>
    public const string Format = "1.3";

    private const long Mebibyte = 1 << 20;

    /// <summary>memmix's argument: the size of the memory it fills, in MiB.</summary>
    public static ulong Argument(long size) => (ulong)(size / Mebibyte);

    /// <summary>
    /// Ticks to run before the checkpoint: memmix spends about 60 instructions per run of pages (runs average 16.5
    /// pages), some 950,000 ticks per GiB, then waits on a futex for ever. 1,100 ticks per MiB leaves a margin for
    /// the runs' spread; an idle tick costs next to nothing.
    /// </summary>
    public static ulong Ticks(long size) => 20_000 + (ulong)(size / Mebibyte) * 1_100;
}
