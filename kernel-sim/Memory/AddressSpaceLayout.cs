namespace KernelSim.Memory;

/// <summary>
/// Where the kernel places things in a task's address space. Fixed per kernel (not per build), so a
/// restored task finds its heap and stacks where the program left them.
/// </summary>
public static class AddressSpaceLayout
{
    /// <summary>Size of a page; every area is page-aligned and a whole number of pages.</summary>
    public const ulong PageSize = 4096;

    /// <summary>Lowest user address an area may start at (the first 64 KiB stay unmapped to catch null pointers).</summary>
    public const ulong UserBottom = 0x1_0000;

    /// <summary>One past the highest user address (47-bit user half, as on x86-64).</summary>
    public const ulong UserTop = 0x0000_8000_0000_0000;

    /// <summary>First heap area address; area_create allocates upwards from here.</summary>
    public const ulong HeapBase = 0x1_0000_0000;

    /// <summary>Top of the highest thread stack; stacks are placed downwards from here.</summary>
    public const ulong StackTop = 0x0000_7fff_0000_0000;

    /// <summary>Size of every thread stack.</summary>
    public const ulong StackSize = 64 * 1024;

    /// <summary>Unmapped gap kept after heap areas and below stacks, so an overrun faults instead of corrupting a neighbour.</summary>
    public const ulong GuardSize = PageSize;

    /// <summary>Largest area a program may create or resize to (64 GiB: sparse, so it costs nothing until written).</summary>
    public const ulong MaxAreaSize = 64UL * 1024 * 1024 * 1024;

    /// <summary>Most bytes one mem_fill may write (64 MiB): a call completes within its tick, so its work is bounded.</summary>
    public const ulong MaxFillLength = 64UL * 1024 * 1024;

    public static ulong RoundUpToPage(ulong value) => (value + PageSize - 1) & ~(PageSize - 1);

    public static bool IsPageAligned(ulong value) => (value & (PageSize - 1)) == 0;
}
