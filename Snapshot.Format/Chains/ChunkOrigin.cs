namespace Snapshot.Format.Chains;

/// <summary>
/// Where the bytes of one chunk of an image are stored, as a child of that image references them: the image ordinal
/// counts from the child (1 = the image itself, k + 1 = its k-th ancestor) and the target is always a MEMCHUNK.
/// </summary>
/// <param name="ChunkIndex">Which chunk of the area.</param>
/// <param name="PresentBitmap">The chunk's present pages.</param>
/// <param name="ContentHash">The chunk's content hash (equal to the target's).</param>
/// <param name="ImageOrdinal">The ordinal a child's CHUNKREF names: 1 for the image itself, k + 1 for its k-th ancestor.</param>
/// <param name="TargetOffset">Offset of the MEMCHUNK section header that stores the bytes, in that image.</param>
public sealed record ChunkOrigin(uint ChunkIndex, ulong PresentBitmap, Hash256 ContentHash, uint ImageOrdinal, long TargetOffset);
