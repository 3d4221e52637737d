using System.Numerics;

namespace Snapshot.Format;

/// <summary>
/// A CHUNKREF (format 1.3): chunk <see cref="ChunkIndex"/> of an area holds the same pages as a MEMCHUNK stored once
/// elsewhere: earlier in this image (<see cref="ImageOrdinal"/> 0) or in the k-th ancestor of an incremental image.
/// </summary>
/// <param name="TaskId">The task of the referencing chunk.</param>
/// <param name="AreaId">The area of the referencing chunk.</param>
/// <param name="ChunkIndex">Which chunk of the area the reference stands for.</param>
/// <param name="PresentBitmap">The referencing chunk's present pages (the target has as many, possibly at other positions).</param>
/// <param name="ContentHash">Equal to the target's content hash.</param>
/// <param name="ImageOrdinal">0: this image; k ≥ 1: the k-th ancestor listed by PARENTS, nearest first.</param>
/// <param name="TargetOffset">Offset of the target MEMCHUNK's section header in that image.</param>
public sealed record ChunkReference(ulong TaskId, uint AreaId, uint ChunkIndex, ulong PresentBitmap, Hash256 ContentHash,
                                    uint ImageOrdinal, long TargetOffset)
{
    /// <summary>Number of present pages.</summary>
    public int PresentPages => BitOperations.PopCount(PresentBitmap);
}
