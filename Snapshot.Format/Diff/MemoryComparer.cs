using System.Numerics;
using Snapshot.Format.Pipelines;

namespace Snapshot.Format.Diff;

/// <summary>
/// Compares the pages of areas chunk by chunk, walking both areas' index entries in chunk order, so the work is
/// proportional to what differs, not to the image size: a chunk pair with the same present bitmap and content hash
/// is equal without reading a byte (a CHUNKREF carries its target's hash), a chunk whose counterpart holds none of
/// its pages needs no read either, two version 2 chunks are settled from their page hashes, and only the remaining
/// pairs are decoded. Pairs that need reading are settled on <c>threads</c> workers in bounded batches and merged in
/// chunk order, so memory holds one open run per area and a few chunks per worker, and the result does not depend
/// on the thread count.
/// </summary>
internal sealed class MemoryComparer(DiffSide a, DiffSide b, IProgress<double>? progress, int threads)
{
    // A batch closes at this many pairs that need reading (a few hundred KiB of reads, or a few MiB of decoding for
    // version 1 chunks), or at this many pairs in all, so that long runs of equal chunks cost few hand-offs.
    private const int ReadsPerBatch = 16;
    private const int PairsPerBatch = 1024;

    private readonly long _total = a.ChunkCount + b.ChunkCount;
    private long _visited;
    private long _identical;
    private long _read;
    private long _pagesCompared;
    private long _pairsByPageHash;
    private long _pagesByHash;

    public ChunkStatistics Statistics => new(a.ChunkCount, b.ChunkCount, _identical, _read, _pagesCompared)
    {
        PairsComparedByPageHash = _pairsByPageHash,
        PagesComparedByHash = _pagesByHash,
    };

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
        IEnumerable<PairOutcome[]> outcomes = OrderedParallel.Map(Batches(Pairs(chunksA, chunksB)), Settle, threads);
        foreach (PairOutcome[] batch in outcomes)
        {
            foreach (PairOutcome outcome in batch)
            {
                builder.Add(outcome);
                Count(outcome);
            }
        }
    }

    private PairOutcome[] Settle(List<ChunkPair> batch)
    {
        var outcomes = new PairOutcome[batch.Count];
        for (int i = 0; i < outcomes.Length; i++)
            outcomes[i] = ChunkPairComparer.Compare(batch[i], a, b);
        return outcomes;
    }

    private void Count(PairOutcome outcome)
    {
        int chunks = (outcome.PresentA != 0 ? 1 : 0) + (outcome.PresentB != 0 ? 1 : 0);
        switch (outcome.Evidence)
        {
            case PairEvidence.ContentHash:
                _identical++;
                break;
            case PairEvidence.PageHashes:
                _pairsByPageHash++;
                _pagesByHash += outcome.PagesCompared;
                break;
            case PairEvidence.Bytes:
                _read += 2;
                _pagesCompared += outcome.PagesCompared;
                break;
        }
        Visited(chunks);
    }

    /// <summary>Both areas' chunks merged by chunk index (each list is ascending and free of duplicates).</summary>
    private IEnumerable<ChunkPair> Pairs(IReadOnlyList<IndexEntry> chunksA, IReadOnlyList<IndexEntry> chunksB)
    {
        int i = 0, j = 0;
        while (i < chunksA.Count || j < chunksB.Count)
        {
            IndexEntry? x = i < chunksA.Count ? chunksA[i] : null;
            IndexEntry? y = j < chunksB.Count ? chunksB[j] : null;
            if (y is null || (x is not null && x.ChunkIndex < y.ChunkIndex))
            {
                yield return new ChunkPair(x, null, FirstPage(x!, a));
                i++;
            }
            else if (x is null || y.ChunkIndex < x.ChunkIndex)
            {
                yield return new ChunkPair(null, y, FirstPage(y, a));
                j++;
            }
            else
            {
                yield return new ChunkPair(x, y, FirstPage(x, a));
                i++;
                j++;
            }
        }
    }

    private static ulong FirstPage(IndexEntry entry, DiffSide side) => (ulong)entry.ChunkIndex * (ulong)side.PagesPerChunk;

    private static IEnumerable<List<ChunkPair>> Batches(IEnumerable<ChunkPair> pairs)
    {
        var batch = new List<ChunkPair>();
        int reads = 0;
        foreach (ChunkPair pair in pairs)
        {
            batch.Add(pair);
            if (pair.NeedsRead)
                reads++;
            if (reads == ReadsPerBatch || batch.Count == PairsPerBatch)
            {
                yield return batch;
                batch = [];
                reads = 0;
            }
        }
        if (batch.Count > 0)
            yield return batch;
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
            // Pages by the entry's bitmap: a reference's pages sit where it says, whatever its target's positions.
            int pageSize = (int)side.PageSize;
            ulong firstPage = FirstPage(entry, side);
            int slot = 0;
            for (ulong pages = entry.PresentBitmap; pages != 0; pages &= pages - 1, slot++)
            {
                ulong page = firstPage + (ulong)BitOperations.TrailingZeroCount(pages);
                yield return new PageData(page, chunk.Data.Slice(slot * pageSize, pageSize));
            }
        }
    }

    private void Visited(long chunks)
    {
        _visited += chunks;
        if (progress is not null && _total > 0)
            progress.Report(Math.Min(1.0, (double)_visited / _total));
    }
}
