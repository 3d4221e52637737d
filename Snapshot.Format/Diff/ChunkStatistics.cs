namespace Snapshot.Format.Diff;

/// <summary>
/// What memory comparison cost. Chunks whose index entries agree (same present bitmap and content hash) are
/// equal without reading a byte; chunks present in one image only need no read either, since their bitmap
/// says which pages they hold. Two version 2 chunks (format 1.3) are compared by their page hashes, without
/// reading or decompressing their pages; only the remaining pairs are read and decoded.
/// </summary>
/// <param name="ChunksA">Chunks in A's index (memory chunks and chunk references).</param>
/// <param name="ChunksB">Chunks in B's index.</param>
/// <param name="ChunksIdentical">Chunk pairs found equal from the index alone.</param>
/// <param name="ChunksRead">Chunks read and decoded (both images together).</param>
/// <param name="PagesCompared">Pages compared byte for byte.</param>
public sealed record ChunkStatistics(long ChunksA, long ChunksB, long ChunksIdentical, long ChunksRead, long PagesCompared)
{
    /// <summary>Chunk pairs settled by their page hashes (68 + 32 bytes per page read from each, nothing decoded).</summary>
    public long PairsComparedByPageHash { get; init; }

    /// <summary>Pages compared by their SHA-256 page hashes rather than byte for byte.</summary>
    public long PagesComparedByHash { get; init; }

    /// <summary>Chunks of either image that were not read and decoded (those compared by page hash included).</summary>
    public long ChunksSkipped => ChunksA + ChunksB - ChunksRead;
}
