using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>
/// CHUNKREF payload (format 1.3, 72 bytes): task id u64, area id u32, chunk index u32, present bitmap u64, content
/// hash, image ordinal u32, reserved u32 zero, target offset u64.
/// </summary>
internal static class ChunkReferenceSection
{
    private const string Section = "CHUNKREF";

    /// <summary>The deepest chain PARENTS can describe; a larger ordinal cannot name an ancestor.</summary>
    public const uint MaxImageOrdinal = 64;

    public static void Write(Span<byte> destination, ChunkReference reference)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ChunkReferenceLayout.TaskIdOffset..], reference.TaskId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkReferenceLayout.AreaIdOffset..], reference.AreaId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkReferenceLayout.ChunkIndexOffset..], reference.ChunkIndex);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ChunkReferenceLayout.PresentBitmapOffset..], reference.PresentBitmap);
        reference.ContentHash.WriteTo(destination[ChunkReferenceLayout.ContentHashOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkReferenceLayout.ImageOrdinalOffset..], reference.ImageOrdinal);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChunkReferenceLayout.ReservedOffset..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ChunkReferenceLayout.TargetOffsetOffset..], (ulong)reference.TargetOffset);
    }

    /// <summary>
    /// Parses and checks a payload: exactly 72 bytes, a present bitmap within the chunk geometry, reserved zero, an
    /// ordinal PARENTS can name and an 8-aligned target offset. Whether the target exists is the resolver's business.
    /// </summary>
    public static ChunkReference Parse(ReadOnlySpan<byte> payload, long payloadOffset, int pagesPerChunk)
    {
        if (payload.Length != ChunkReferenceLayout.Length)
            FormatThrow.Invalid(Section, payloadOffset, $"payload is {payload.Length} bytes, a CHUNKREF has {ChunkReferenceLayout.Length}");
        ulong bitmap = BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkReferenceLayout.PresentBitmapOffset..]);
        ulong allowed = pagesPerChunk == 64 ? ulong.MaxValue : (1UL << pagesPerChunk) - 1;
        if (bitmap == 0 || (bitmap & ~allowed) != 0)
            FormatThrow.Invalid(Section, payloadOffset + ChunkReferenceLayout.PresentBitmapOffset,
                $"present bitmap 0x{bitmap:x16} is empty or names pages beyond {pagesPerChunk} per chunk");
        uint ordinal = BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkReferenceLayout.ImageOrdinalOffset..]);
        if (ordinal > MaxImageOrdinal)
            FormatThrow.Invalid(Section, payloadOffset + ChunkReferenceLayout.ImageOrdinalOffset,
                $"image ordinal {ordinal} is beyond the {MaxImageOrdinal} ancestors an image can have");
        if (BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkReferenceLayout.ReservedOffset..]) != 0)
            FormatThrow.Invalid(Section, payloadOffset + ChunkReferenceLayout.ReservedOffset, "reserved field is not zero");
        ulong target = BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkReferenceLayout.TargetOffsetOffset..]);
        if (target % SectionLayout.Alignment != 0 || target > long.MaxValue / 2)
            FormatThrow.Invalid(Section, payloadOffset + ChunkReferenceLayout.TargetOffsetOffset,
                $"target offset 0x{target:x} is not an 8-aligned section offset");
        return new ChunkReference(
            BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkReferenceLayout.TaskIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkReferenceLayout.AreaIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkReferenceLayout.ChunkIndexOffset..]),
            bitmap,
            Hash256.Read(payload[ChunkReferenceLayout.ContentHashOffset..]),
            ordinal,
            (long)target);
    }
}
