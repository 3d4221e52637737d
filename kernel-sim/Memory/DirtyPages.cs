namespace KernelSim.Memory;

/// <summary>
/// Which pages of a page table were written since the last checkpoint or restore (the baseline), so that an
/// incremental checkpoint stores only the chunks that changed. A table starts all dirty (it is newer than any image)
/// and becomes clean when the kernel writes or restores an image of it. Tracked per group of 64 pages, one bit each.
/// </summary>
public sealed class DirtyPages
{
    private const int GroupShift = 6;

    private readonly Dictionary<ulong, ulong> _groups = [];
    private ulong _lastGroupIndex = ulong.MaxValue;
    private bool _all = true;
    private ulong _dirtyFrom = ulong.MaxValue;

    /// <summary>True until the first <see cref="Clear"/>: nothing about this table is known to match an image.</summary>
    public bool IsAllDirty => _all;

    /// <summary>Notes a write to <paramref name="pageIndex"/>.</summary>
    public void Mark(ulong pageIndex)
    {
        if (_all)
        {
            return;
        }

        var groupIndex = pageIndex >> GroupShift;
        var bit = 1UL << (int)(pageIndex & 63);
        // Writes come in runs within one group; the check skips the dictionary for all but the first.
        if (groupIndex == _lastGroupIndex && (_groups[groupIndex] & bit) != 0)
        {
            return;
        }

        _groups[groupIndex] = _groups.GetValueOrDefault(groupIndex) | bit;
        _lastGroupIndex = groupIndex;
    }

    /// <summary>Notes that every page from <paramref name="firstPage"/> on may have changed (pages dropped when an area shrank).</summary>
    public void MarkFrom(ulong firstPage) => _dirtyFrom = Math.Min(_dirtyFrom, firstPage);

    /// <summary>True when a page of [<paramref name="firstPage"/>, firstPage + <paramref name="count"/>) may differ from the baseline.</summary>
    public bool Any(ulong firstPage, ulong count)
    {
        if (_all || count == 0)
        {
            return _all && count > 0;
        }

        var last = firstPage + count - 1;
        if (last >= _dirtyFrom)
        {
            return true;
        }

        for (var group = firstPage >> GroupShift; group <= last >> GroupShift; group++)
        {
            if (!_groups.TryGetValue(group, out var bits))
            {
                continue;
            }

            var from = group == firstPage >> GroupShift ? (int)(firstPage & 63) : 0;
            var to = group == last >> GroupShift ? (int)(last & 63) : 63;
            var mask = (to == 63 ? ulong.MaxValue : (1UL << (to + 1)) - 1) & ~((1UL << from) - 1);
            if ((bits & mask) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The table now matches the image just written or restored: nothing is dirty.</summary>
    public void Clear()
    {
        _groups.Clear();
        _lastGroupIndex = ulong.MaxValue;
        _all = false;
        _dirtyFrom = ulong.MaxValue;
    }

    /// <summary>Forgets the baseline: every page counts as changed (an image of it can no longer be trusted to match).</summary>
    public void MarkAll()
    {
        _groups.Clear();
        _lastGroupIndex = ulong.MaxValue;
        _all = true;
        _dirtyFrom = ulong.MaxValue;
    }
}
