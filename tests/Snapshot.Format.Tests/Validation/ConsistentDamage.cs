using System.Buffers.Binary;
using System.Numerics;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

/// <summary>
/// Damage that every CRC agrees with: a payload is changed, then its section's payload CRC and its index entry are
/// resealed, so only a check that looks inside the payload (decompression, hashes, cross references) can see it.
/// </summary>
internal static class ConsistentDamage
{
    /// <summary>Changes the payload of the section at <paramref name="offset"/> and reseals its CRC in the frame and the index.</summary>
    public static void RewritePayload(byte[] image, long offset, Action<Span<byte>> change)
    {
        var sections = ImageBytes.Sections(image);
        int entry = sections.FindIndex(s => s.Offset == offset);
        SectionHeader header = sections[entry].Header;
        change(image.AsSpan((int)offset + SectionLayout.HeaderLength, (int)header.PayloadLength));
        ImageBytes.ResealPayload(image, offset);
        uint crc = SectionHeader.Parse(image.AsSpan((int)offset), offset).PayloadCrc;
        ImageBytes.PatchIndexEntry(image, entry, e => BinaryPrimitives.WriteUInt32LittleEndian(e[IndexLayout.PayloadCrcOffset..], crc));
    }

    /// <summary>Where the stored bytes of the MEMCHUNK at <paramref name="offset"/> begin, within its payload (after a version 2 chunk's page hashes).</summary>
    public static int StoredOffset(byte[] image, long offset)
    {
        SectionHeader header = SectionHeader.Parse(image.AsSpan((int)offset), offset);
        ulong bitmap = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)offset + SectionLayout.HeaderLength + ChunkLayout.PresentBitmapOffset));
        return ChunkLayout.StoredOffset(header.Version, BitOperations.PopCount(bitmap));
    }

    /// <summary>The MEMCHUNK sections whose codec byte is <paramref name="codec"/> (0 raw, 1 zstd).</summary>
    public static List<long> Chunks(byte[] image, byte codec) =>
        [.. ImageBytes.Sections(image)
            .Where(s => s.Header.Type == SectionType.MemoryChunk
                        && image[(int)s.Offset + SectionLayout.HeaderLength + ChunkLayout.CodecOffset] == codec)
            .Select(s => s.Offset)];
}
