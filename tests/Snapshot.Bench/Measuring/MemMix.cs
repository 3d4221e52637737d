namespace Snapshot.Bench.Measuring;

/// <summary>How the benchmark runs kernel-sim's memmix sample (kernel-sim/Programs/memmix.s, kernel-sim/README.md).</summary>
public static class MemMix
{
    public const string Program = "memmix";

    private const long Mebibyte = 1 << 20;

    /// <summary>memmix's argument: the size of the memory it fills, in MiB.</summary>
    public static ulong Argument(long size) => (ulong)(size / Mebibyte);

    /// <summary>
    /// Ticks to run before the checkpoint: memmix fills up to 64 MiB per mem_fill (one tick each) plus a few
    /// instructions per run of pages, then sleeps; the margin covers the runs, and a sleeping task costs nothing.
    /// </summary>
    public static ulong Ticks(long size) => 4096 + (ulong)(size / Mebibyte) * 64;
}
