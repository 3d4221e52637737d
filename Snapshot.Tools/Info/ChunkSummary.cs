using Snapshot.Format;

namespace Snapshot.Tools.Info;

/// <summary>
/// What snapinfo needs to know of one memory chunk: which pages it holds and what they cost. From a file it
/// comes from the index entry; from a stream, from the chunk as it passes (the offset is then unknown).
/// </summary>
internal sealed record ChunkSummary(ulong TaskId, uint AreaId, uint ChunkIndex, ulong PresentBitmap, long StoredLength,
    Hash256 ContentHash, long? Offset)
{
    public static ChunkSummary From(IndexEntry entry) => new(entry.TaskId, entry.AreaId, entry.ChunkIndex,
        entry.PresentBitmap, entry.StoredLength, entry.ContentHash, entry.Offset);

    public static ChunkSummary From(MemoryChunk chunk) => new(chunk.TaskId, chunk.AreaId, chunk.ChunkIndex,
        chunk.PresentBitmap, chunk.StoredLength, chunk.ContentHash, Offset: null);
}
