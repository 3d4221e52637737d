using System.Buffers.Binary;
using System.Numerics;
using Snapshot.Format;

namespace Snapshot.Tools.Tests.Images;

/// <summary>Damages copies of images the way disks, networks and people do.</summary>
internal static class ImageDamage
{
    private const int SectionHeaderLength = 32;
    private const int HeaderLengthOffset = 12;
    private const int IncompatibleFeaturesOffset = 16;
    private const int CompatibleFeaturesOffset = 24;
    private const int HeaderCrcOffset = 40;

    /// <summary>Flips one bit inside the stored page data of the first memory chunk; returns the chunk's section offset.</summary>
    public static long FlipBitInFirstChunk(string path)
    {
        IndexEntry chunk;
        using (var reader = ImageReader.Open(path))
        {
            chunk = reader.Index.First(entry => entry.Type == SectionType.MemoryChunk);
        }

        // The last payload byte is stored page data, past the chunk header fields.
        var target = chunk.Offset + SectionHeaderLength + chunk.PayloadLength - 1;
        FlipBit(path, target, bit: 3);
        return chunk.Offset;
    }

    /// <summary>Flips one bit in the last payload byte of the first section of <paramref name="type"/>; returns its offset.</summary>
    public static long FlipBitInFirstSection(string path, SectionType type)
    {
        IndexEntry section;
        using (var reader = ImageReader.Open(path))
        {
            section = reader.Index.First(entry => entry.Type == type);
        }

        FlipBit(path, section.Offset + SectionHeaderLength + section.PayloadLength - 1, bit: 0);
        return section.Offset;
    }

    public static void FlipBit(string path, long offset, int bit)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ (1 << bit)));
    }

    public static void Truncate(string path, long length)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(length);
    }

    /// <summary>Sets an incompatible feature bit no reader knows, with a valid header CRC (a newer writer's image).</summary>
    public static void SetUnknownIncompatibleFeature(string path, int bit) => SetFeatureBit(path, IncompatibleFeaturesOffset, bit);

    /// <summary>Sets a compatible feature bit no reader knows, with a valid header CRC.</summary>
    public static void SetUnknownCompatibleFeature(string path, int bit) => SetFeatureBit(path, CompatibleFeaturesOffset, bit);

    private static void SetFeatureBit(string path, int maskOffset, int bit)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(HeaderLengthOffset));
        var header = bytes.AsSpan(0, headerLength);
        var features = BinaryPrimitives.ReadUInt64LittleEndian(header[maskOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(header[maskOffset..], features | (1UL << bit));
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32C(header));
        File.WriteAllBytes(path, bytes);
    }

    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc ^ 0xFFFF_FFFFu;
    }
}
