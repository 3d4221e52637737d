namespace Snapshot.Format.Writing;

/// <summary>A chunk assembled on the caller's thread: its present pages, concatenated, in a rented buffer.</summary>
internal sealed record PendingChunk(ulong TaskId, uint AreaId, uint ChunkIndex, ulong Bitmap, byte[] Pages, int Length, int PageSize);
