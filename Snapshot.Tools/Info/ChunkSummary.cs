using Snapshot.Format;

namespace Snapshot.Tools.Info;

/// <summary>
/// What snapinfo needs to know of one memory chunk: which pages it holds, where, and what they cost. It comes from
/// the chunk's index entry: read from a file's index, or reported by the stream reader as the section passes.
/// </summary>
internal sealed record ChunkSummary(ulong TaskId, uint AreaId, uint ChunkIndex, ulong PresentBitmap, long StoredLength,
    Hash256 ContentHash, long Offset, bool Reference)
{
    public static ChunkSummary From(IndexEntry entry) => new(entry.TaskId, entry.AreaId, entry.ChunkIndex,
        entry.PresentBitmap, entry.StoredLength, entry.ContentHash, entry.Offset, entry.Type == SectionType.ChunkReference);
}
