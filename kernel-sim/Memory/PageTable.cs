using Snapshot.Format;

namespace KernelSim.Memory;

/// <summary>
/// The materialised pages of an area (or a shared store), by page index: a sorted map of groups of
/// <see cref="GroupPages"/> page slots. An area of many GiB costs nothing until written, and a written page costs
/// its 4 KiB plus about 40 bytes (its array header, its slot, and its share of the group), where a map entry per
/// page cost twice that; lookups walk log2(groups) nodes, and sequential access hits the last group used.
/// Iteration is in ascending page order without copying, which is what the checkpoint writer streams.
/// </summary>
public sealed class PageTable
{
    /// <summary>Page slots per group: one memory chunk's worth, so a chunk's pages are found in one lookup.</summary>
    public const int GroupPages = 64;

    private const int GroupShift = 6;

    private readonly SortedDictionary<ulong, byte[]?[]> _groups = new();
    private ulong _lastGroupIndex = ulong.MaxValue;
    private byte[]?[]? _lastGroup;

    /// <summary>Number of materialised pages.</summary>
    public int Count { get; private set; }

    /// <summary>Pages written since the last checkpoint or restore (every write goes through <see cref="GetOrAdd"/>).</summary>
    public DirtyPages Dirty { get; } = new();

    /// <summary>The page at <paramref name="pageIndex"/>, or null when it was never written.</summary>
    public byte[]? Find(ulong pageIndex) => Group(pageIndex >> GroupShift, create: false)?[(int)(pageIndex & (GroupPages - 1))];

    /// <summary>The page at <paramref name="pageIndex"/>, materialised (zero-filled) when it was never written.</summary>
    public byte[] GetOrAdd(ulong pageIndex)
    {
        Dirty.Mark(pageIndex);
        var group = Group(pageIndex >> GroupShift, create: true)!;
        var slot = (int)(pageIndex & (GroupPages - 1));
        if (group[slot] is { } page)
        {
            return page;
        }

        page = new byte[AddressSpaceLayout.PageSize];
        group[slot] = page;
        Count++;
        return page;
    }

    /// <summary>Drops every page at or above <paramref name="firstGone"/> (an area that shrank).</summary>
    public void RemoveFrom(ulong firstGone)
    {
        Dirty.MarkFrom(firstGone);
        var firstGroup = firstGone >> GroupShift;
        foreach (var groupIndex in _groups.Keys.Where(index => index >= firstGroup).ToArray())
        {
            var group = _groups[groupIndex];
            var from = groupIndex == firstGroup ? (int)(firstGone & (GroupPages - 1)) : 0;
            for (var slot = from; slot < GroupPages; slot++)
            {
                if (group[slot] is not null)
                {
                    group[slot] = null;
                    Count--;
                }
            }

            if (from == 0)
            {
                _groups.Remove(groupIndex);
            }
        }

        _lastGroupIndex = ulong.MaxValue;
        _lastGroup = null;
    }

    /// <summary>The materialised pages in ascending page order; the bytes are the table's own (no copy).</summary>
    public IEnumerable<PageData> Pages()
    {
        foreach (var (groupIndex, group) in _groups)
        {
            for (var slot = 0; slot < GroupPages; slot++)
            {
                if (group[slot] is { } page)
                {
                    yield return new PageData((groupIndex << GroupShift) | (uint)slot, page);
                }
            }
        }
    }

    private byte[]?[]? Group(ulong groupIndex, bool create)
    {
        if (groupIndex == _lastGroupIndex)
        {
            return _lastGroup;
        }

        if (!_groups.TryGetValue(groupIndex, out var group))
        {
            if (!create)
            {
                return null;
            }

            group = new byte[]?[GroupPages];
            _groups.Add(groupIndex, group);
        }

        _lastGroupIndex = groupIndex;
        _lastGroup = group;
        return group;
    }
}
