using Snapshot.Format.Codecs;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Reading;

/// <summary>Turns a CRC-checked MEMCHUNK payload into a <see cref="MemoryChunk"/>, enforcing the declared sizes.</summary>
internal static class ChunkDecoder
{
    private const string Section = "MEMCHUNK";

    /// <summary>Decodes a whole version 1 payload (fixed part and stored bytes); <paramref name="payloadOffset"/> is its absolute offset, for messages.</summary>
    public static MemoryChunk Decode(ReadOnlySpan<byte> payload, long payloadOffset, uint pageSize, int pagesPerChunk, bool verifyContentHash) =>
        Decode(payload, payloadOffset, pageSize, pagesPerChunk, ChunkLayout.Version1, verifyContentHash);

    /// <summary>Decodes a whole payload of MEMCHUNK <paramref name="version"/> (1 or 2).</summary>
    public static MemoryChunk Decode(ReadOnlySpan<byte> payload, long payloadOffset, uint pageSize, int pagesPerChunk, ushort version,
                                     bool verifyContentHash) =>
        Decode(ChunkHeader.Parse(payload, payload.Length, payloadOffset, pageSize, pagesPerChunk, version), payload, payloadOffset,
            pagesPerChunk, verifyContentHash);

    /// <summary>
    /// Decodes a payload whose fixed part the caller has already parsed (with <see cref="ChunkHeader.Parse(ReadOnlySpan{byte}, long, long, uint, int, ushort)"/>)
    /// from this same payload. Verifying a version 2 chunk checks the content hash against the page-hash array and
    /// every page against its page hash.
    /// </summary>
    public static MemoryChunk Decode(ChunkHeader header, ReadOnlySpan<byte> payload, long payloadOffset, int pagesPerChunk, bool verifyContentHash)
    {
        ReadOnlySpan<byte> stored = payload.Slice(header.StoredOffset, header.StoredLength);
        long dataOffset = payloadOffset + header.StoredOffset;
        var data = new byte[header.UncompressedLength];
        if (header.Codec == ChunkCodec.Raw)
            stored.CopyTo(data);
        else
            ZstdDecompressor.Decompress(stored, data, Section, dataOffset);

        if (header.Version == ChunkLayout.Version1)
        {
            if (verifyContentHash)
            {
                Hash256 computed = Hash256.Compute(data);
                if (computed != header.ContentHash)
                    FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.ContentHashOffset,
                        $"content hash mismatch (stored {header.ContentHash.Short}, computed {computed.Short})");
            }
            return new MemoryChunk(header.TaskId, header.AreaId, header.ChunkIndex, header.PresentBitmap, header.Codec,
                header.StoredLength, header.ContentHash, data, pagesPerChunk);
        }

        ReadOnlySpan<byte> pageHashes = payload.Slice(ChunkLayout.PageHashesOffset, header.PageHashesLength);
        if (verifyContentHash)
            VerifyPageHashes(header, pageHashes, data, payloadOffset);
        return new MemoryChunk(header.TaskId, header.AreaId, header.ChunkIndex, header.PresentBitmap, header.Codec,
            header.StoredLength, header.ContentHash, data, pagesPerChunk, PageHashTree.ToList(pageHashes), header.Version);
    }

    /// <summary>
    /// Checks a version 2 chunk's page-hash array against its content hash (<paramref name="data"/> empty: the array
    /// alone, as when only the hashes are read) and, given the pages, each page against its hash.
    /// </summary>
    public static void VerifyPageHashes(ChunkHeader header, ReadOnlySpan<byte> pageHashes, ReadOnlySpan<byte> data, long payloadOffset)
    {
        Hash256 root = PageHashTree.Root(pageHashes);
        if (root != header.ContentHash)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.ContentHashOffset,
                $"content hash mismatch: the page hashes hash to {root.Short}, the chunk states {header.ContentHash.Short}");
        if (data.IsEmpty)
            return;
        int pageSize = header.UncompressedLength / header.PresentPages;
        Span<byte> computed = stackalloc byte[Hash256.Size];
        for (int i = 0; i < header.PresentPages; i++)
        {
            System.Security.Cryptography.SHA256.HashData(data.Slice(i * pageSize, pageSize), computed);
            ReadOnlySpan<byte> expected = pageHashes.Slice(i * Hash256.Size, Hash256.Size);
            if (!computed.SequenceEqual(expected))
                FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.PageHashesOffset + i * Hash256.Size,
                    $"page hash mismatch for present page {i} (stored {Hash256.Read(expected).Short}, computed {Hash256.Read(computed).Short})");
        }
    }
}
