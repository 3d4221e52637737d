namespace Snapshot.Format.Diff;

/// <summary>
/// The chunks of one chunk index of an area in A and in B (either may be missing), matched by the merge of both
/// areas' index entries; <see cref="FirstPage"/> is the chunk's first page number within the area.
/// </summary>
internal readonly record struct ChunkPair(IndexEntry? A, IndexEntry? B, ulong FirstPage)
{
    /// <summary>
    /// True when settling the pair needs a read: both sides hold a page of the same position and the index does not
    /// already say they are equal.
    /// </summary>
    public bool NeedsRead => A is not null && B is not null && !EqualByIndex && (A.PresentBitmap & B.PresentBitmap) != 0;

    /// <summary>
    /// Same present bitmap and content hash: the same pages. A CHUNKREF carries its target's hash, so a reference
    /// equals its target and any chunk equal to it. Hashes of different chunk versions never meet (a version 1 hash
    /// covers the pages' bytes, a version 2 hash the 32-byte page hashes: preimages of different lengths), so equal
    /// hashes can only come from chunks of one version and equal pages; equal pages stored in different versions
    /// have different hashes and are settled by reading.
    /// </summary>
    public bool EqualByIndex => A is not null && B is not null
        && A.PresentBitmap == B.PresentBitmap && A.ContentHash == B.ContentHash;
}
