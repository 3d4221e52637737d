using KernelSim.Machine;
using Snapshot.Format;

namespace KernelSim.Memory;

/// <summary>A task's set of non-overlapping areas, as the CPU and the syscalls see it.</summary>
public sealed class AddressSpace : IAddressSpace
{
    // Keyed by base: lookups walk at most a handful of areas per task, and iteration is in address order.
    private readonly SortedList<ulong, Area> _areas = new();

    /// <summary>The areas in ascending address order.</summary>
    public IEnumerable<Area> Areas => _areas.Values;

    public int Count => _areas.Count;

    public Area? FindById(uint id) => _areas.Values.FirstOrDefault(area => area.Id == id);

    public Area? FindByBase(ulong @base) => _areas.TryGetValue(@base, out var area) ? area : null;

    public Area? FindContaining(ulong address)
    {
        foreach (var area in _areas.Values)
        {
            if (area.Contains(address))
            {
                return area;
            }
        }

        return null;
    }

    /// <summary>True when [<paramref name="base"/>, base+size) is inside user space and free (ignoring <paramref name="except"/>).</summary>
    public bool IsFree(ulong @base, ulong size, Area? except = null)
    {
        if (size == 0 || @base < AddressSpaceLayout.UserBottom || @base > AddressSpaceLayout.UserTop
            || size > AddressSpaceLayout.UserTop - @base)
        {
            return false;
        }

        foreach (var area in _areas.Values)
        {
            if (!ReferenceEquals(area, except) && @base < area.End && area.Base < @base + size)
            {
                return false;
            }
        }

        return true;
    }

    public void Add(Area area)
    {
        if (!IsFree(area.Base, area.Size))
        {
            throw new InvalidOperationException($"area {area.Id} at 0x{area.Base:x} overlaps another area or leaves user space");
        }

        _areas.Add(area.Base, area);
    }

    public bool Remove(Area area) => _areas.Remove(area.Base);

    public bool TryRead(ulong address, Span<byte> destination) =>
        Access(address, destination.Length, AreaFlags.Read, out var area) && Copy(area!, address, destination);

    public bool TryFetch(ulong address, Span<byte> destination) =>
        Access(address, destination.Length, AreaFlags.Execute, out var area) && Copy(area!, address, destination);

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!Access(address, source.Length, AreaFlags.Write, out var area))
        {
            return false;
        }

        area!.Write(address - area.Base, source);
        return true;
    }

    private static bool Copy(Area area, ulong address, Span<byte> destination)
    {
        area.Read(address - area.Base, destination);
        return true;
    }

    // An access must lie inside a single area: areas are separated by guard gaps, so a straddling
    // access would be a fault anyway.
    private bool Access(ulong address, int length, AreaFlags needed, out Area? area)
    {
        area = FindContaining(address);
        return area is not null
            && (area.Flags & needed) == needed
            && (ulong)length <= area.End - address;
    }
}
