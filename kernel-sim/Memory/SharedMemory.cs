using KernelSim.Kernel;
using Snapshot.Format;

namespace KernelSim.Memory;

/// <summary>
/// The kernel's shared page stores and the counter their ids come from. A store lives while some area maps
/// it or a service owns it.
/// </summary>
public sealed class SharedMemory
{
    private readonly SortedDictionary<ulong, SharedPageStore> _stores = new();

    /// <summary>The id the next store gets (the first is 1).</summary>
    public ulong NextShareId { get; internal set; } = 1;

    /// <summary>Live stores in id order.</summary>
    public IEnumerable<SharedPageStore> Stores => _stores.Values;

    public SharedPageStore? Find(ulong shareId) => _stores.GetValueOrDefault(shareId);

    /// <summary>A new zero-filled store of <paramref name="size"/> bytes (rounded up to pages) owned by a service.</summary>
    public SharedPageStore CreateForService(ulong ownerServiceId, ulong size, AreaFlags flags)
    {
        if (ownerServiceId == 0 || size == 0 || size > AddressSpaceLayout.MaxAreaSize)
        {
            throw new ArgumentException($"a service store needs an owner and 1..{AddressSpaceLayout.MaxAreaSize} bytes");
        }

        return Add(new SharedPageStore(NextShareId++, AddressSpaceLayout.RoundUpToPage(size), flags, ownerServiceId, new()));
    }

    /// <summary>The store behind <paramref name="area"/>; an area that is not shared yet becomes the first mapping of a new store holding its pages.</summary>
    internal SharedPageStore Share(KernelTask owner, Area area)
    {
        if (area.Store is { } existing)
        {
            return existing;
        }

        var store = Add(new SharedPageStore(NextShareId++, area.Size, area.Flags, 0, area.TakePages()));
        Attach(store, owner, area);
        return store;
    }

    /// <summary>Recreates a store with a given id (restore) over <paramref name="pages"/>; the id must be free. The counter moves past it.</summary>
    internal SharedPageStore Recreate(ulong shareId, ulong size, AreaFlags flags, ulong ownerServiceId, PageTable pages)
    {
        if (_stores.ContainsKey(shareId))
        {
            throw new InvalidOperationException($"shared store {shareId} already exists");
        }

        NextShareId = Math.Max(NextShareId, shareId + 1);
        return Add(new SharedPageStore(shareId, size, flags, ownerServiceId, pages));
    }

    /// <summary>Makes <paramref name="area"/> a mapping of <paramref name="store"/>.</summary>
    internal static void Attach(SharedPageStore store, KernelTask task, Area area)
    {
        area.MapStore(store);
        store.AddMapping(new ShareMapping(task, area));
    }

    /// <summary>An area leaves its store (unmapped, or its task ended); a store nobody maps or owns is dropped.</summary>
    internal void Detach(Area area)
    {
        if (area.Store is not { } store)
        {
            return;
        }

        store.RemoveMapping(area);
        if (store.Mappings.Count == 0 && store.OwnerServiceId == 0)
        {
            _stores.Remove(store.ShareId);
        }
    }

    private SharedPageStore Add(SharedPageStore store)
    {
        _stores.Add(store.ShareId, store);
        return store;
    }
}
