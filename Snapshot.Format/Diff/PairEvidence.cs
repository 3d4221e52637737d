namespace Snapshot.Format.Diff;

/// <summary>What settled a chunk pair, cheapest first.</summary>
internal enum PairEvidence
{
    /// <summary>The present bitmaps alone: one side is missing, or no page is present on both sides.</summary>
    Bitmaps = 0,

    /// <summary>Equal bitmaps and content hashes in the index: nothing read.</summary>
    ContentHash = 1,

    /// <summary>The page-hash arrays of two version 2 chunks: a few KiB read, nothing decompressed.</summary>
    PageHashes = 2,

    /// <summary>Both chunks decoded and their common pages compared byte for byte.</summary>
    Bytes = 3,
}
