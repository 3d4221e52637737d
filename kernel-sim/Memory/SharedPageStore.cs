using Snapshot.Format;

namespace KernelSim.Memory;

/// <summary>
/// Pages shared by several areas (in one or several tasks, or owned by a native service): every mapping
/// reads and writes the same page table, so a write through one is seen by all. Its id comes from the
/// kernel-wide counter of <see cref="SharedMemory"/>, never from an address, so a restore can give it back.
/// </summary>
public sealed class SharedPageStore
{
    private readonly List<ShareMapping> _mappings = [];

    internal SharedPageStore(ulong shareId, ulong size, AreaFlags flags, ulong ownerServiceId, PageTable pages)
    {
        ShareId = shareId;
        Size = size;
        Flags = flags;
        OwnerServiceId = ownerServiceId;
        Pages = pages;
    }

    public ulong ShareId { get; }

    /// <summary>Bytes (a whole number of pages).</summary>
    public ulong Size { get; }

    /// <summary>The most any mapping may be granted.</summary>
    public AreaFlags Flags { get; }

    /// <summary>The persistent id of the native service that owns the memory, or 0 when only tasks share it.</summary>
    public ulong OwnerServiceId { get; }

    /// <summary>Areas mapping the store with their tasks, in the order they were mapped.</summary>
    public IReadOnlyList<ShareMapping> Mappings => _mappings;

    /// <summary>Materialised pages, by page index.</summary>
    internal PageTable Pages { get; }

    /// <summary>Number of pages ever written.</summary>
    public int MaterialisedPageCount => Pages.Count;

    /// <summary>Reads bytes at <paramref name="offset"/> (unwritten pages read as zero); the range must lie inside the store.</summary>
    public void Read(ulong offset, Span<byte> destination) => View().Read(offset, destination);

    /// <summary>Writes bytes at <paramref name="offset"/> (a service updating its memory); the range must lie inside the store.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        if (offset > Size || (ulong)source.Length > Size - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"write of {source.Length} bytes at {offset} leaves shared store {ShareId} ({Size} bytes)");
        }

        View().Write(offset, source);
    }

    /// <summary>The materialised pages in page order.</summary>
    public IEnumerable<PageData> MaterialisedPages() => View().MaterialisedPages();

    internal void AddMapping(ShareMapping mapping) => _mappings.Add(mapping);

    internal void RemoveMapping(Area area) => _mappings.RemoveAll(mapping => ReferenceEquals(mapping.Area, area));

    // A throwaway area over the page table gives the store the same page logic as every mapping.
    private Area View()
    {
        var view = new Area(0, AddressSpaceLayout.HeapBase, Size, Flags, AreaKind.Heap, AreaBacking.Shared, "store");
        view.MapStore(this);
        return view;
    }

    public override string ToString() => $"shared store {ShareId} ({Size} bytes, {_mappings.Count} mappings)";
}
