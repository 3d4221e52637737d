namespace Snapshot.Format.Diff;

/// <summary>
/// What memory comparison cost. Chunks whose index entries agree (same present bitmap and content hash) are
/// equal without reading a byte; chunks present in one image only need no read either, since their bitmap
/// says which pages they hold.
/// </summary>
/// <param name="ChunksA">Memory chunks in A's index.</param>
/// <param name="ChunksB">Memory chunks in B's index.</param>
/// <param name="ChunksIdentical">Chunk pairs found equal from the index alone.</param>
/// <param name="ChunksRead">Chunks read and decoded (both images together).</param>
/// <param name="PagesCompared">Pages compared byte for byte.</param>
public sealed record ChunkStatistics(long ChunksA, long ChunksB, long ChunksIdentical, long ChunksRead, long PagesCompared)
{
    /// <summary>Chunks of either image that were not read.</summary>
    public long ChunksSkipped => ChunksA + ChunksB - ChunksRead;
}
