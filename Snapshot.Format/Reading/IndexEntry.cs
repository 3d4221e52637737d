using System.Numerics;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format;

/// <summary>
/// One entry of the image's table of contents. Memory chunk entries carry the chunk's identity, present
/// bitmap and content hash, so page counts and stored sizes come from the index alone.
/// </summary>
public sealed record IndexEntry(SectionType Type, ushort Version, SectionFlags Flags, long Offset, long PayloadLength,
                                uint PayloadCrc, ulong TaskId, uint AreaId, uint ChunkIndex,
                                ulong PresentBitmap, Hash256 ContentHash)
{
    /// <summary>The entry for the section framed by <paramref name="header"/> at <paramref name="offset"/>; identity fields zero but the task's.</summary>
    internal static IndexEntry Of(SectionHeader header, long offset, ulong taskId = 0) =>
        new(header.Type, header.Version, header.Flags, offset, header.PayloadLength, header.PayloadCrc, taskId, 0, 0, 0, Hash256.Zero);

    /// <summary>This entry carrying the identity, present bitmap and content hash of a MEMCHUNK's fixed part.</summary>
    internal IndexEntry With(ChunkHeader chunk) => this with
    {
        TaskId = chunk.TaskId, AreaId = chunk.AreaId, ChunkIndex = chunk.ChunkIndex,
        PresentBitmap = chunk.PresentBitmap, ContentHash = chunk.ContentHash,
    };

    /// <summary>This entry carrying the identity, present bitmap and content hash of a CHUNKREF (format 1.3).</summary>
    internal IndexEntry With(ChunkReference reference) => this with
    {
        TaskId = reference.TaskId, AreaId = reference.AreaId, ChunkIndex = reference.ChunkIndex,
        PresentBitmap = reference.PresentBitmap, ContentHash = reference.ContentHash,
    };

    /// <summary>True for a MEMCHUNK or a CHUNKREF: the entry names a chunk of an area (task, area, chunk index, bitmap, hash).</summary>
    public bool IsChunk => SectionNames.IsChunk(Type);

    /// <summary>Number of pages present in a memory chunk (popcount of the bitmap).</summary>
    public int PresentPages => BitOperations.PopCount(PresentBitmap);

    /// <summary>
    /// Bytes of stored (compressed or raw) page data in a memory chunk section (without a version 2 chunk's page
    /// hashes); 0 for other sections, a CHUNKREF included: its bytes are stored by its target.
    /// </summary>
    public long StoredLength => Type == SectionType.MemoryChunk
        ? Math.Max(0, PayloadLength - ChunkLayout.StoredOffset(Version, PresentPages))
        : 0;

    /// <summary>Bytes the section occupies in the file: header, payload and padding.</summary>
    public long TotalLength => SectionLayout.TotalLength(PayloadLength);

    /// <summary>
    /// True when this (listed) entry describes the section <paramref name="found"/> by walking the file:
    /// the framing always, the identity fields only for sections this library knows and could parse.
    /// </summary>
    internal bool Describes(IndexEntry found, bool identityKnown) =>
        Type == found.Type && Version == found.Version && Flags == found.Flags && Offset == found.Offset
        && PayloadLength == found.PayloadLength && PayloadCrc == found.PayloadCrc
        && (!identityKnown || !SectionNames.IsKnown(found.Type, found.Version) || this == found);

    /// <summary>"THREAD", "MEMCHUNK", or the hex type of a section this library does not know.</summary>
    public string SectionName => SectionNames.Of(Type);
}
