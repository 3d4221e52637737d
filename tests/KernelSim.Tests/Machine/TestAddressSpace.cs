using KernelSim.Assembler;
using KernelSim.Machine;

namespace KernelSim.Tests.Machine;

/// <summary>
/// A flat test address space: areas with permissions, 4 KiB pages materialised on first write,
/// unwritten pages read as zero. Plays the kernel's part for CPU, assembler and program tests.
/// </summary>
internal sealed class TestAddressSpace : IAddressSpace
{
    public const int PageSize = 4096;

    [Flags]
    public enum Access
    {
        Read = 1,
        Write = 2,
        Execute = 4,
    }

    private sealed record Area(ulong Base, ulong Size, Access Access);

    private readonly List<Area> _areas = [];
    private readonly Dictionary<ulong, byte[]> _pages = [];

    public int MaterialisedPages => _pages.Count;

    public void Map(ulong start, ulong size, Access access)
    {
        if (_areas.Any(a => start < a.Base + a.Size && a.Base < start + size))
            throw new InvalidOperationException($"area at 0x{start:x} overlaps another");
        _areas.Add(new Area(start, size, access));
    }

    /// <summary>Maps a program as the kernel does: code read+execute, data read+write (at least one page each).</summary>
    public void Load(AssembledProgram program)
    {
        Map(AssembledProgram.CodeBase, RoundUp(program.Code.Length), Access.Read | Access.Execute);
        Map(AssembledProgram.DataBase, RoundUp(program.Data.Length), Access.Read | Access.Write);
        Poke(AssembledProgram.CodeBase, program.Code);
        Poke(AssembledProgram.DataBase, program.Data);
    }

    public static ulong RoundUp(long size) => (ulong)Math.Max(PageSize, (size + PageSize - 1) / PageSize * PageSize);

    /// <summary>Writes without permission checks (loading, test setup).</summary>
    public void Poke(ulong address, ReadOnlySpan<byte> source)
    {
        for (int i = 0; i < source.Length; i++)
            PageFor(address + (ulong)i)[(int)((address + (ulong)i) % PageSize)] = source[i];
    }

    /// <summary>Reads without permission checks.</summary>
    public byte[] Peek(ulong address, int length)
    {
        var result = new byte[length];
        for (int i = 0; i < length; i++)
        {
            ulong at = address + (ulong)i;
            result[i] = _pages.TryGetValue(at / PageSize, out var page) ? page[(int)(at % PageSize)] : (byte)0;
        }
        return result;
    }

    public ulong PeekQuad(ulong address) => BitConverter.ToUInt64(Peek(address, 8));

    public bool TryRead(ulong address, Span<byte> destination) => Transfer(address, destination, Access.Read, write: false);

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!Allowed(address, source.Length, Access.Write))
            return false;
        Poke(address, source);
        return true;
    }

    public bool TryFetch(ulong address, Span<byte> destination) => Transfer(address, destination, Access.Execute, write: false);

    private bool Transfer(ulong address, Span<byte> destination, Access access, bool write)
    {
        if (write || !Allowed(address, destination.Length, access))
            return false;
        Peek(address, destination.Length).CopyTo(destination);
        return true;
    }

    private bool Allowed(ulong address, int length, Access access)
    {
        if (length == 0)
            return true;
        ulong last = address + (ulong)length - 1;
        if (last < address)
            return false;
        // Every byte must lie in some area with the permission; areas may be adjacent.
        ulong at = address;
        while (true)
        {
            var area = _areas.FirstOrDefault(a => at >= a.Base && at - a.Base < a.Size);
            if (area is null || (area.Access & access) == 0)
                return false;
            ulong areaLast = area.Base + area.Size - 1;
            if (areaLast >= last)
                return true;
            at = areaLast + 1;
        }
    }

    private byte[] PageFor(ulong address)
    {
        ulong number = address / PageSize;
        if (!_pages.TryGetValue(number, out var page))
            _pages[number] = page = new byte[PageSize];
        return page;
    }
}
