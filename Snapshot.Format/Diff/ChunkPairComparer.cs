namespace Snapshot.Format.Diff;

/// <summary>
/// Settles one chunk pair with the least reading that can: the index (bitmaps, content hashes), then the page hashes
/// of version 2 chunks (68 + 32 bytes per page from each side, nothing decompressed), and only then the decoded
/// pages. Stateless and safe to run on several workers at once: the readers read by offset.
/// </summary>
internal static class ChunkPairComparer
{
    public static PairOutcome Compare(ChunkPair pair, DiffSide a, DiffSide b)
    {
        if (pair.EqualByIndex)
            return new PairOutcome(pair.FirstPage, pair.A!.PresentBitmap, pair.B!.PresentBitmap, 0, PairEvidence.ContentHash, 0);
        if (!pair.NeedsRead)
            return PairOutcome.FromBitmaps(pair);

        IndexEntry x = pair.A!, y = pair.B!;
        // A version 1 chunk has no page hashes: asking the other side for its own would be a wasted read.
        if (DiffSide.MayHavePageHashes(x) && DiffSide.MayHavePageHashes(y)
            && a.ReadPageHashes(x) is { } hashesA && b.ReadPageHashes(y) is { } hashesB)
            return ByPageHashes(pair.FirstPage, x.PresentBitmap, y.PresentBitmap, hashesA, hashesB);
        return ByBytes(pair.FirstPage, a.ReadChunk(x), b.ReadChunk(y), (int)a.PageSize, x.PresentBitmap, y.PresentBitmap);
    }

    /// <summary>Pages present on both sides differ exactly when their SHA-256 differ.</summary>
    private static PairOutcome ByPageHashes(ulong firstPage, ulong presentA, ulong presentB,
                                            IReadOnlyList<Hash256> hashesA, IReadOnlyList<Hash256> hashesB) =>
        Walk(firstPage, presentA, presentB, PairEvidence.PageHashes, (slotA, slotB) => hashesA[slotA] != hashesB[slotB]);

    /// <summary>
    /// Pages present on both sides compared byte for byte. The bitmaps are the index entries' (a reference's own
    /// bitmap); either way a chunk's data holds its present pages in ascending page order.
    /// </summary>
    private static PairOutcome ByBytes(ulong firstPage, MemoryChunk chunkA, MemoryChunk chunkB, int pageSize,
                                       ulong presentA, ulong presentB) =>
        Walk(firstPage, presentA, presentB, PairEvidence.Bytes, (slotA, slotB) =>
            !chunkA.Data.Span.Slice(slotA * pageSize, pageSize).SequenceEqual(chunkB.Data.Span.Slice(slotB * pageSize, pageSize)));

    /// <summary>
    /// Visits the pages present on either side in ascending order, tracking each side's slot (the page's position
    /// among that side's present pages), and marks the common pages <paramref name="differs"/> says differ.
    /// </summary>
    private static PairOutcome Walk(ulong firstPage, ulong presentA, ulong presentB, PairEvidence evidence,
                                    Func<int, int, bool> differs)
    {
        ulong changed = 0;
        int slotA = 0, slotB = 0, compared = 0;
        for (ulong pages = presentA | presentB; pages != 0; pages &= pages - 1)
        {
            ulong page = pages & (~pages + 1);
            bool inA = (presentA & page) != 0, inB = (presentB & page) != 0;
            if (inA && inB)
            {
                compared++;
                if (differs(slotA, slotB))
                    changed |= page;
            }
            if (inA)
                slotA++;
            if (inB)
                slotB++;
        }
        return new PairOutcome(firstPage, presentA, presentB, changed, evidence, compared);
    }
}
