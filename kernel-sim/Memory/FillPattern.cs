namespace KernelSim.Memory;

/// <summary>What <c>mem_fill</c> writes into each page (the r3 argument of <c>SYS_MEM_FILL</c>).</summary>
public enum FillPattern : ulong
{
    /// <summary>Zero bytes: the pages exist (as written memory does) but hold nothing.</summary>
    Zero = 0,

    /// <summary>A 64-byte motif, the first 8 outputs of SplitMix64 from the seed, repeated over every page.</summary>
    Motif = 1,

    /// <summary>Random-looking bytes: the SplitMix64 stream from the seed, 512 outputs per page, continuing from page to page.</summary>
    Random = 2,
}
