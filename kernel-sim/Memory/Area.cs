using Snapshot.Format;

namespace KernelSim.Memory;

/// <summary>
/// A contiguous range of a task's address space with one set of permissions. Pages are materialised on
/// first write; a page never written reads as zero and costs nothing.
/// </summary>
public sealed class Area
{
    // Shared areas point at their store's page table, so a write through one mapping is seen by all.
    private PageTable _pages = new();

    public Area(uint id, ulong @base, ulong size, AreaFlags flags, AreaKind kind, AreaBacking backing, string name)
    {
        Id = id;
        Base = @base;
        Size = size;
        Flags = flags;
        Kind = kind;
        Backing = backing;
        Name = name;
    }

    public uint Id { get; }
    public ulong Base { get; }
    public ulong Size { get; private set; }
    public ulong End => Base + Size;
    public AreaFlags Flags { get; }
    public AreaKind Kind { get; }
    public AreaBacking Backing { get; private set; }
    public string Name { get; }

    /// <summary>The page store this area maps when <see cref="Backing"/> is <see cref="AreaBacking.Shared"/>, else null.</summary>
    public SharedPageStore? Store { get; private set; }

    /// <summary>Pages written since the last checkpoint or restore (shared with every mapping of a shared store).</summary>
    public DirtyPages Dirty => _pages.Dirty;

    /// <summary>Number of pages that have been written (and so exist in memory and in images).</summary>
    public int MaterialisedPageCount => _pages.Count;

    public bool Contains(ulong address) => address >= Base && address - Base < Size;

    /// <summary>The materialised pages in ascending page order (page index within the area).</summary>
    public IEnumerable<PageData> MaterialisedPages() => _pages.Pages();

    /// <summary>Copies bytes out of the area; <paramref name="offset"/> and the length must lie inside it.</summary>
    public void Read(ulong offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var pageIndex = offset / AddressSpaceLayout.PageSize;
            var inPage = (int)(offset % AddressSpaceLayout.PageSize);
            var count = Math.Min(destination.Length, (int)AddressSpaceLayout.PageSize - inPage);
            if (_pages.Find(pageIndex) is { } page)
            {
                page.AsSpan(inPage, count).CopyTo(destination);
            }
            else
            {
                destination[..count].Clear();
            }

            destination = destination[count..];
            offset += (ulong)count;
        }
    }

    /// <summary>Copies bytes into the area, materialising the pages touched.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var pageIndex = offset / AddressSpaceLayout.PageSize;
            var inPage = (int)(offset % AddressSpaceLayout.PageSize);
            var count = Math.Min(source.Length, (int)AddressSpaceLayout.PageSize - inPage);
            source[..count].CopyTo(_pages.GetOrAdd(pageIndex).AsSpan(inPage, count));
            source = source[count..];
            offset += (ulong)count;
        }
    }

    /// <summary>
    /// Writes <paramref name="pattern"/> over <paramref name="pageCount"/> whole pages from <paramref name="firstPage"/>
    /// (mem_fill), materialising them; the caller has checked that they lie inside the area.
    /// </summary>
    public void Fill(ulong firstPage, ulong pageCount, FillPattern pattern, ulong seed) =>
        PageFiller.Fill(_pages, firstPage, pageCount, pattern, seed);

    /// <summary>Installs a whole page (restore); the caller has checked the index and the length.</summary>
    public void LoadPage(ulong pageIndex, ReadOnlySpan<byte> bytes) => bytes.CopyTo(_pages.GetOrAdd(pageIndex));

    /// <summary>Changes the size; pages beyond a shrunk end are dropped so they read as zero if the area grows again.</summary>
    public void Resize(ulong newSize)
    {
        if (newSize < Size)
        {
            _pages.RemoveFrom(newSize / AddressSpaceLayout.PageSize);
        }

        Size = newSize;
    }

    /// <summary>Makes the area a mapping of <paramref name="store"/> (whose page table it now uses); its own pages are gone.</summary>
    internal void MapStore(SharedPageStore store)
    {
        _pages = store.Pages;
        Store = store;
        Backing = AreaBacking.Shared;
    }

    /// <summary>The area's own page table, handed to a new store when the area becomes shared.</summary>
    internal PageTable TakePages() => _pages;

    public AreaRecord ToRecord() => new(Id, Base, Size, Flags, Kind, Backing, Name);
}
