namespace KernelSim.Machine;

/// <summary>
/// A task's address space as the CPU sees it. Implemented by the kernel; the CPU never
/// knows about areas or pages. Every method returns false on a fault (unmapped address or
/// missing permission) and leaves the destination unspecified.
/// </summary>
public interface IAddressSpace
{
    /// <summary>Reads data (needs read permission). Unmaterialised pages read as zero.</summary>
    bool TryRead(ulong address, Span<byte> destination);

    /// <summary>Writes data (needs write permission); materialises pages on first write.</summary>
    bool TryWrite(ulong address, ReadOnlySpan<byte> source);

    /// <summary>Fetches instruction bytes (needs execute permission).</summary>
    bool TryFetch(ulong address, Span<byte> destination);
}
