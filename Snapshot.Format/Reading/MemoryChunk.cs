using System.Numerics;

namespace Snapshot.Format;

/// <summary>One decoded memory chunk: the present pages of up to pages-per-chunk consecutive pages of an area.</summary>
public sealed class MemoryChunk
{
    internal MemoryChunk(ulong taskId, uint areaId, uint chunkIndex, ulong presentBitmap, ChunkCodec codec,
                         int storedLength, Hash256 contentHash, ReadOnlyMemory<byte> data, int pagesPerChunk,
                         IReadOnlyList<Hash256>? pageHashes = null, ushort version = 1)
    {
        PageHashes = pageHashes;
        Version = version;
        TaskId = taskId;
        AreaId = areaId;
        ChunkIndex = chunkIndex;
        PresentBitmap = presentBitmap;
        Codec = codec;
        StoredLength = storedLength;
        ContentHash = contentHash;
        Data = data;
        PagesPerChunk = pagesPerChunk;
    }

    /// <summary>This chunk's pages standing for <paramref name="reference"/>'s chunk (its identity and present bitmap).</summary>
    internal MemoryChunk As(ChunkReference reference) =>
        new(reference.TaskId, reference.AreaId, reference.ChunkIndex, reference.PresentBitmap, Codec, StoredLength, ContentHash, Data,
            PagesPerChunk, PageHashes, Version);

    /// <summary>The task the area belongs to.</summary>
    public ulong TaskId { get; }

    /// <summary>The area the pages belong to.</summary>
    public uint AreaId { get; }

    /// <summary>Which chunk of the area: its first page is <c>ChunkIndex × PagesPerChunk</c>.</summary>
    public uint ChunkIndex { get; }

    /// <summary>Bit i set: page <c>ChunkIndex × PagesPerChunk + i</c> is present; absent pages are zero.</summary>
    public ulong PresentBitmap { get; }

    /// <summary>How the pages were stored.</summary>
    public ChunkCodec Codec { get; }

    /// <summary>Bytes of stored page data (compressed or raw).</summary>
    public int StoredLength { get; }

    /// <summary>
    /// The MEMCHUNK version the pages were stored with: 1, or 2 (format 1.3) with page hashes. A chunk read through a
    /// CHUNKREF has its target's version.
    /// </summary>
    public ushort Version { get; }

    /// <summary>
    /// Version 2: the SHA-256 of each present page, in ascending page order (so a page that changed between two
    /// images shows without comparing bytes); null for a version 1 chunk.
    /// </summary>
    public IReadOnlyList<Hash256>? PageHashes { get; }

    /// <summary>
    /// Version 1: SHA-256 of <see cref="Data"/>. Version 2: SHA-256 of the page-hash array (the 32-byte hashes
    /// concatenated), a two-level hash tree over the same pages. Equal hashes of the same version mean equal pages.
    /// </summary>
    public Hash256 ContentHash { get; }

    /// <summary>The present pages, uncompressed, concatenated in page order.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The image's chunk geometry.</summary>
    public int PagesPerChunk { get; }

    /// <summary>Number of present pages.</summary>
    public int PresentPages => BitOperations.PopCount(PresentBitmap);

    /// <summary>Bytes per page.</summary>
    public int PageSize => Data.Length / PresentPages;

    /// <summary>The present pages with their page numbers within the area, ascending.</summary>
    public IEnumerable<PageData> Pages()
    {
        int pageSize = PageSize;
        int slot = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if ((PresentBitmap & (1UL << bit)) == 0)
                continue;
            yield return new PageData((ulong)ChunkIndex * (ulong)PagesPerChunk + (ulong)bit, Data.Slice(slot * pageSize, pageSize));
            slot++;
        }
    }
}
