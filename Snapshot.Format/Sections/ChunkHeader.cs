using System.Buffers.Binary;
using System.Numerics;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>
/// The fixed 68-byte start of a MEMCHUNK payload. In version 1 the stored page bytes follow it; in version 2 (format
/// 1.3) one SHA-256 per present page follows first, and the content hash is the SHA-256 of that page-hash array.
/// </summary>
internal readonly record struct ChunkHeader(ulong TaskId, uint AreaId, uint ChunkIndex, ulong PresentBitmap,
                                            ChunkCodec Codec, int UncompressedLength, int StoredLength, Hash256 ContentHash,
                                            ushort Version = ChunkLayout.Version1)
{
    private const string Section = "MEMCHUNK";

    /// <summary>Number of present pages.</summary>
    public int PresentPages => BitOperations.PopCount(PresentBitmap);

    /// <summary>Bytes of the page-hash array (0 in version 1).</summary>
    public int PageHashesLength => ChunkLayout.PageHashesLength(Version, PresentPages);

    /// <summary>Where the stored bytes begin in the payload.</summary>
    public int StoredOffset => ChunkLayout.StoredOffset(Version, PresentPages);

    /// <summary>The whole payload length this header describes.</summary>
    public int PayloadLength => StoredOffset + StoredLength;

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

    /// <summary>True for the MEMCHUNK versions this library reads.</summary>
    public static bool IsKnownVersion(ushort version) => version is ChunkLayout.Version1 or ChunkLayout.Version2;

    /// <summary>Parses and checks the fixed part of a version 1 chunk (the layout of format 1.0).</summary>
    public static ChunkHeader Parse(ReadOnlySpan<byte> payload, long payloadLength, long payloadOffset, uint pageSize, int pagesPerChunk) =>
        Parse(payload, payloadLength, payloadOffset, pageSize, pagesPerChunk, ChunkLayout.Version1);

    /// <summary>
    /// Parses and checks the fixed part against the page geometry and the payload length; <paramref name="payload"/>
    /// needs only the fixed part, <paramref name="payloadOffset"/> is the absolute offset of the payload and
    /// <paramref name="version"/> the section version (1 or 2).
    /// </summary>
    public static ChunkHeader Parse(ReadOnlySpan<byte> payload, long payloadLength, long payloadOffset, uint pageSize, int pagesPerChunk,
                                    ushort version)
    {
        if (!IsKnownVersion(version))
            FormatThrow.Invalid(Section, payloadOffset, $"MEMCHUNK version {version} is not supported by this reader");
        if (payloadLength < ChunkLayout.FixedLength || payload.Length < ChunkLayout.FixedLength)
            FormatThrow.Truncated(Section, payloadOffset, ChunkLayout.FixedLength, Math.Min(payloadLength, payload.Length));
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
        int storedOffset = ChunkLayout.StoredOffset(version, BitOperations.PopCount(bitmap));
        if (storedOffset + (long)stored != payloadLength)
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.StoredLengthOffset, version == ChunkLayout.Version1
                ? $"stored length {stored} does not match the payload length {payloadLength}"
                : $"{storedOffset} bytes of fixed part and page hashes plus stored length {stored} do not match the payload length {payloadLength}");
        return new ChunkHeader(
            BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkLayout.TaskIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.AreaIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.ChunkIndexOffset..]),
            bitmap, (ChunkCodec)codec, (int)uncompressed, (int)stored,
            Hash256.Read(payload[ChunkLayout.ContentHashOffset..]), version);
    }
}
