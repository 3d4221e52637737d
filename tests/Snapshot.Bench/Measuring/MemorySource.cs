namespace Snapshot.Bench.Measuring;

/// <summary>Where the benchmark's memory A and its image come from (see <see cref="Workspace"/>).</summary>
public enum MemorySource
{
    /// <summary>kernel-sim checkpoints its memmix sample, which fills an area of the benchmark's size.</summary>
    MemMix,

    /// <summary>Generated raw memory written into the heap of a kernel-sim checkpoint of holdmem.s (no memmix in this build).</summary>
    HeapFill,
}
