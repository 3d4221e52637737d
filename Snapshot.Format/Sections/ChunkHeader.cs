using System.Buffers.Binary;
using System.Numerics;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>The fixed 68-byte start of a MEMCHUNK payload; the stored page bytes follow it.</summary>
internal readonly record struct ChunkHeader(ulong TaskId, uint AreaId, uint ChunkIndex, ulong PresentBitmap,
                                            ChunkCodec Codec, int UncompressedLength, int StoredLength, Hash256 ContentHash)
{
    private const string Section = "MEMCHUNK";

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ChunkLayout.TaskIdOffset..], TaskId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkLayout.AreaIdOffset..], AreaId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkLayout.ChunkIndexOffset..], ChunkIndex);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ChunkLayout.PresentBitmapOffset..], PresentBitmap);
        destination[ChunkLayout.CodecOffset] = (byte)Codec;
        destination.Slice(ChunkLayout.ReservedOffset, ChunkLayout.ReservedLength).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkLayout.UncompressedLengthOffset..], (uint)UncompressedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkLayout.StoredLengthOffset..], (uint)StoredLength);
        ContentHash.WriteTo(destination[ChunkLayout.ContentHashOffset..]);
    }

    /// <summary>
    /// Parses and checks the fixed part against the page geometry and the payload length;
    /// <paramref name="payloadOffset"/> is the absolute offset of the payload.
    /// </summary>
    public static ChunkHeader Parse(ReadOnlySpan<byte> payload, long payloadLength, long payloadOffset, uint pageSize, int pagesPerChunk)
    {
        if (payloadLength < ChunkLayout.DataOffset || payload.Length < ChunkLayout.DataOffset)
            FormatThrow.Truncated(Section, payloadOffset, ChunkLayout.DataOffset, Math.Min(payloadLength, payload.Length));
        ulong bitmap = BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkLayout.PresentBitmapOffset..]);
        ulong allowed = pagesPerChunk == 64 ? ulong.MaxValue : (1UL << pagesPerChunk) - 1;
        if (bitmap == 0 || (bitmap & ~allowed) != 0)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.PresentBitmapOffset,
                $"present bitmap 0x{bitmap:x16} is empty or names pages beyond {pagesPerChunk} per chunk");
        byte codec = payload[ChunkLayout.CodecOffset];
        if (codec > (byte)ChunkCodec.Zstd)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.CodecOffset, $"unknown codec {codec}");
        if (payload.Slice(ChunkLayout.ReservedOffset, ChunkLayout.ReservedLength).IndexOfAnyExcept((byte)0) >= 0)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.ReservedOffset, "reserved bytes are not zero");
        uint uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.UncompressedLengthOffset..]);
        long expected = (long)BitOperations.PopCount(bitmap) * pageSize;
        if (uncompressed != expected)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.UncompressedLengthOffset,
                $"uncompressed length {uncompressed} is not present pages × page size = {expected}");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.StoredLengthOffset..]);
        if (stored > uncompressed + (uint)FormatLimits.ChunkStoredSlack || (codec == (byte)ChunkCodec.Raw && stored != uncompressed))
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.StoredLengthOffset,
                $"stored length {stored} is impossible for {uncompressed} uncompressed bytes with codec {codec}");
        if (ChunkLayout.DataOffset + (long)stored != payloadLength)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.StoredLengthOffset,
                $"stored length {stored} does not match the payload length {payloadLength}");
        return new ChunkHeader(
            BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkLayout.TaskIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.AreaIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.ChunkIndexOffset..]),
            bitmap, (ChunkCodec)codec, (int)uncompressed, (int)stored,
            Hash256.Read(payload[ChunkLayout.ContentHashOffset..]));
    }
}
