namespace Snapshot.Format.Diff;

/// <summary>
/// Compares the pages of areas chunk by chunk through the index first: a chunk pair with the same present
/// bitmap and content hash is equal without reading a byte, and a chunk whose counterpart holds none of its
/// pages needs no read either. Only the remaining pairs are read, one pair at a time, and compared page by page.
/// </summary>
internal sealed class MemoryComparer(DiffSide a, DiffSide b, IProgress<double>? progress)
{
    private readonly long _total = a.ChunkCount + b.ChunkCount;
    private long _visited;
    private long _identical;
    private long _read;
    private long _pagesCompared;

    public ChunkStatistics Statistics => new(a.ChunkCount, b.ChunkCount, _identical, _read, _pagesCompared);

    /// <summary>The pages of an area present in one image only: every stored page is added or removed.</summary>
    public AreaMemoryDiff OneSided(ulong taskId, AreaRecord area, bool inB)
    {
        DiffSide side = inB ? b : a;
        var builder = new PageRangeBuilder(area.Base, area.Base, side.PageSize);
        foreach (IndexEntry entry in side.Chunks(taskId, area.AreaId))
        {
            builder.AddBitmap(inB ? ChangeKind.Added : ChangeKind.Removed, entry.PresentBitmap,
                (ulong)entry.ChunkIndex * (ulong)side.PagesPerChunk);
            Visited(1);
        }
        return builder.Build();
    }

    /// <summary>The pages of an area present in both images, matched by page number within the area.</summary>
    public AreaMemoryDiff Compare(ulong taskId, AreaRecord areaA, AreaRecord areaB)
    {
        IReadOnlyList<IndexEntry> chunksA = a.Chunks(taskId, areaA.AreaId);
        IReadOnlyList<IndexEntry> chunksB = b.Chunks(taskId, areaB.AreaId);
        if (a.PageSize != b.PageSize)
        {
            Visited(chunksA.Count + chunksB.Count);
            bool anyPages = chunksA.Count + chunksB.Count > 0;
            return new AreaMemoryDiff([], 0, 0, 0, 0,
                anyPages ? $"page sizes differ ({a.PageSize} and {b.PageSize} bytes)" : null);
        }

        var builder = new PageRangeBuilder(areaA.Base, areaB.Base, a.PageSize);
        if (a.PagesPerChunk == b.PagesPerChunk)
            CompareAligned(chunksA, chunksB, builder);
        else
            ComparePageByPage(chunksA, chunksB, builder);
        return builder.Build();
    }

    private void CompareAligned(IReadOnlyList<IndexEntry> chunksA, IReadOnlyList<IndexEntry> chunksB, PageRangeBuilder builder)
    {
        ulong pagesPerChunk = (ulong)a.PagesPerChunk;
        int i = 0, j = 0;
        while (i < chunksA.Count || j < chunksB.Count)
        {
            IndexEntry? x = i < chunksA.Count ? chunksA[i] : null;
            IndexEntry? y = j < chunksB.Count ? chunksB[j] : null;
            if (y is null || (x is not null && x.ChunkIndex < y.ChunkIndex))
            {
                builder.AddBitmap(ChangeKind.Removed, x!.PresentBitmap, x.ChunkIndex * pagesPerChunk);
                i++;
                Visited(1);
            }
            else if (x is null || y.ChunkIndex < x.ChunkIndex)
            {
                builder.AddBitmap(ChangeKind.Added, y.PresentBitmap, y.ChunkIndex * pagesPerChunk);
                j++;
                Visited(1);
            }
            else
            {
                ComparePair(x, y, builder, x.ChunkIndex * pagesPerChunk);
                i++;
                j++;
                Visited(2);
            }
        }
    }

    private void ComparePair(IndexEntry x, IndexEntry y, PageRangeBuilder builder, ulong firstPage)
    {
        if (x.PresentBitmap == y.PresentBitmap && x.ContentHash == y.ContentHash)
        {
            _identical++;
            builder.AddBitmap(ChangeKind.Unchanged, x.PresentBitmap, firstPage);
            return;
        }

        ulong common = x.PresentBitmap & y.PresentBitmap;
        if (common == 0)
        {
            // Neither chunk holds a page of the other: the bitmaps say everything.
            for (int bit = 0; bit < 64; bit++)
            {
                ulong mask = 1UL << bit;
                if ((x.PresentBitmap & mask) != 0)
                    builder.Add(ChangeKind.Removed, firstPage + (ulong)bit);
                else if ((y.PresentBitmap & mask) != 0)
                    builder.Add(ChangeKind.Added, firstPage + (ulong)bit);
            }
            return;
        }

        MemoryChunk chunkA = a.ReadChunk(x);
        MemoryChunk chunkB = b.ReadChunk(y);
        _read += 2;
        ReadOnlySpan<byte> dataA = chunkA.Data.Span;
        ReadOnlySpan<byte> dataB = chunkB.Data.Span;
        int pageSize = (int)a.PageSize;
        int slotA = 0, slotB = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            ulong mask = 1UL << bit;
            bool inA = (x.PresentBitmap & mask) != 0;
            bool inB = (y.PresentBitmap & mask) != 0;
            ulong page = firstPage + (ulong)bit;
            if (inA && inB)
            {
                _pagesCompared++;
                bool equal = dataA.Slice(slotA * pageSize, pageSize).SequenceEqual(dataB.Slice(slotB * pageSize, pageSize));
                builder.Add(equal ? ChangeKind.Unchanged : ChangeKind.Changed, page);
            }
            else if (inA)
            {
                builder.Add(ChangeKind.Removed, page);
            }
            else if (inB)
            {
                builder.Add(ChangeKind.Added, page);
            }
            if (inA)
                slotA++;
            if (inB)
                slotB++;
        }
    }

    /// <summary>
    /// Images written with different chunk geometries: chunk boundaries do not line up, so both areas are
    /// walked page by page, each side holding one decoded chunk at a time.
    /// </summary>
    private void ComparePageByPage(IReadOnlyList<IndexEntry> chunksA, IReadOnlyList<IndexEntry> chunksB, PageRangeBuilder builder)
    {
        using IEnumerator<PageData> pagesA = Pages(a, chunksA).GetEnumerator();
        using IEnumerator<PageData> pagesB = Pages(b, chunksB).GetEnumerator();
        bool hasA = pagesA.MoveNext(), hasB = pagesB.MoveNext();
        while (hasA || hasB)
        {
            if (!hasB || (hasA && pagesA.Current.PageIndex < pagesB.Current.PageIndex))
            {
                builder.Add(ChangeKind.Removed, pagesA.Current.PageIndex);
                hasA = pagesA.MoveNext();
            }
            else if (!hasA || pagesB.Current.PageIndex < pagesA.Current.PageIndex)
            {
                builder.Add(ChangeKind.Added, pagesB.Current.PageIndex);
                hasB = pagesB.MoveNext();
            }
            else
            {
                _pagesCompared++;
                bool equal = pagesA.Current.Bytes.Span.SequenceEqual(pagesB.Current.Bytes.Span);
                builder.Add(equal ? ChangeKind.Unchanged : ChangeKind.Changed, pagesA.Current.PageIndex);
                hasA = pagesA.MoveNext();
                hasB = pagesB.MoveNext();
            }
        }
    }

    private IEnumerable<PageData> Pages(DiffSide side, IReadOnlyList<IndexEntry> chunks)
    {
        foreach (IndexEntry entry in chunks)
        {
            MemoryChunk chunk = side.ReadChunk(entry);
            _read++;
            Visited(1);
            foreach (PageData page in chunk.Pages())
                yield return page;
        }
    }

    private void Visited(long chunks)
    {
        _visited += chunks;
        if (progress is not null && _total > 0)
            progress.Report(Math.Min(1.0, (double)_visited / _total));
    }
}
