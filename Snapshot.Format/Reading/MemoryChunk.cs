using System.Numerics;

namespace Snapshot.Format;

/// <summary>One decoded memory chunk: the present pages of up to pages-per-chunk consecutive pages of an area.</summary>
public sealed class MemoryChunk
{
    internal MemoryChunk(ulong taskId, uint areaId, uint chunkIndex, ulong presentBitmap, ChunkCodec codec,
                         int storedLength, Hash256 contentHash, ReadOnlyMemory<byte> data, int pagesPerChunk)
    {
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

    /// <summary>SHA-256 of <see cref="Data"/>.</summary>
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
