using System.Numerics;

namespace Snapshot.Format.Diff;

/// <summary>
/// Merges classified pages, given in ascending page order, into maximal runs of one class, and counts them.
/// Holds one open run, so an area of any size costs memory only for its runs.
/// </summary>
internal sealed class PageRangeBuilder(ulong baseA, ulong baseB, uint pageSize)
{
    private readonly List<PageRange> _ranges = [];
    private ChangeKind _kind;
    private ulong _first;
    private ulong _count;
    private long _unchanged;
    private long _changed;
    private long _added;
    private long _removed;

    public void Add(ChangeKind kind, ulong page)
    {
        switch (kind)
        {
            case ChangeKind.Unchanged: _unchanged++; break;
            case ChangeKind.Changed: _changed++; break;
            case ChangeKind.Added: _added++; break;
            default: _removed++; break;
        }
        if (_count > 0 && kind == _kind && page == _first + _count)
        {
            _count++;
            return;
        }
        Close();
        (_kind, _first, _count) = (kind, page, 1);
    }

    /// <summary>Adds every page a present bitmap names, all of one class.</summary>
    public void AddBitmap(ChangeKind kind, ulong bitmap, ulong firstPage)
    {
        for (int bit = 0; bit < 64; bit++)
        {
            if ((bitmap & (1UL << bit)) != 0)
                Add(kind, firstPage + (ulong)bit);
        }
    }

    /// <summary>Adds the pages of a settled chunk pair: changed or unchanged where both have the page, else removed or added.</summary>
    public void Add(PairOutcome pair)
    {
        for (ulong pages = pair.PresentA | pair.PresentB; pages != 0; pages &= pages - 1)
        {
            ulong page = pages & (~pages + 1);
            ChangeKind kind = (pair.PresentA & page) == 0 ? ChangeKind.Added
                : (pair.PresentB & page) == 0 ? ChangeKind.Removed
                : (pair.Changed & page) != 0 ? ChangeKind.Changed
                : ChangeKind.Unchanged;
            Add(kind, pair.FirstPage + (ulong)BitOperations.TrailingZeroCount(page));
        }
    }

    public AreaMemoryDiff Build()
    {
        Close();
        return new AreaMemoryDiff(_ranges.ToArray(), _unchanged, _changed, _added, _removed, NotComparedReason: null);
    }

    private void Close()
    {
        if (_count == 0)
            return;
        // Removed pages exist only in A, so they are located in A's area; everything else in B's.
        ulong areaBase = _kind == ChangeKind.Removed ? baseA : baseB;
        ulong start = unchecked(areaBase + _first * pageSize);
        ulong end = unchecked(start + _count * pageSize - 1);
        _ranges.Add(new PageRange(_kind, _first, _count, start, end));
        _count = 0;
    }
}
