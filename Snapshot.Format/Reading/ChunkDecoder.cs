using Snapshot.Format.Codecs;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Reading;

/// <summary>Turns a CRC-checked MEMCHUNK payload into a <see cref="MemoryChunk"/>, enforcing the declared sizes.</summary>
internal static class ChunkDecoder
{
    private const string Section = "MEMCHUNK";

    /// <summary>Decodes a whole payload (fixed part and stored bytes); <paramref name="payloadOffset"/> is its absolute offset, for messages.</summary>
    public static MemoryChunk Decode(ReadOnlySpan<byte> payload, long payloadOffset, uint pageSize, int pagesPerChunk, bool verifyContentHash) =>
        Decode(ChunkHeader.Parse(payload, payload.Length, payloadOffset, pageSize, pagesPerChunk), payload, payloadOffset, pagesPerChunk, verifyContentHash);

    /// <summary>Decodes a payload whose fixed part the caller has already parsed (with <see cref="ChunkHeader.Parse"/>) from this same payload.</summary>
    public static MemoryChunk Decode(ChunkHeader header, ReadOnlySpan<byte> payload, long payloadOffset, int pagesPerChunk, bool verifyContentHash)
    {
        ReadOnlySpan<byte> stored = payload.Slice(ChunkLayout.DataOffset, header.StoredLength);
        long dataOffset = payloadOffset + ChunkLayout.DataOffset;
        var data = new byte[header.UncompressedLength];
        if (header.Codec == ChunkCodec.Raw)
            stored.CopyTo(data);
        else
            ZstdDecompressor.Decompress(stored, data, Section, dataOffset);
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
}
