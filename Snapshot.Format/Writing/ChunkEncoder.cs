using System.Buffers;
using Snapshot.Format.Codecs;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Writing;

/// <summary>
/// The worker side of the writer's chunk pipeline: hashes a chunk's pages and compresses them into a complete
/// MEMCHUNK payload. Pure function of its input (and the libzstd version), so the bytes do not depend on which worker
/// ran it or when.
/// </summary>
internal static class ChunkEncoder
{
    /// <summary>
    /// Encodes <paramref name="chunk"/> (returning its page buffer to the pool) into a rented payload buffer the
    /// caller returns after writing it.
    /// </summary>
    public static EncodedChunk Encode(PendingChunk chunk, ushort version, CompressorPool compressors)
    {
        try
        {
            ReadOnlySpan<byte> pages = chunk.Pages.AsSpan(0, chunk.Length);
            int presentPages = chunk.Length / chunk.PageSize;
            int storedOffset = ChunkLayout.StoredOffset(version, presentPages);
            int bound = ZstdCompressor.CompressBound(pages.Length);
            byte[] payload = ArrayPool<byte>.Shared.Rent(storedOffset + Math.Max(bound, pages.Length));
            try
            {
                Hash256 hash = version == ChunkLayout.Version1
                    ? Hash256.Compute(pages)
                    : PageHashTree.Compute(pages, chunk.PageSize, payload.AsSpan(ChunkLayout.PageHashesOffset, presentPages * Hash256.Size));
                Span<byte> data = payload.AsSpan(storedOffset);
                ZstdCompressor compressor = compressors.Rent();
                int compressed;
                try
                {
                    compressed = compressor.Compress(pages, data[..bound]);
                }
                finally
                {
                    compressors.Return(compressor);
                }
                ChunkCodec codec = ChunkCodec.Zstd;
                int stored = compressed;
                if (compressed >= pages.Length)
                {
                    pages.CopyTo(data);
                    codec = ChunkCodec.Raw;
                    stored = pages.Length;
                }
                var header = new ChunkHeader(chunk.TaskId, chunk.AreaId, chunk.ChunkIndex, chunk.Bitmap, codec, pages.Length, stored, hash, version);
                header.WriteTo(payload);
                return new EncodedChunk(header, payload);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(payload);
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk.Pages);
        }
    }
}
