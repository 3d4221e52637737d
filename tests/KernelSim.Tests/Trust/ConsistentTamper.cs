using System.Buffers.Binary;
using Snapshot.Format;

namespace KernelSim.Tests.Trust;

/// <summary>
/// Changes one byte of a section's payload and repairs every CRC that covers it (section header, index
/// entry, index section): what an attacker does, so that only a signature can tell.
/// </summary>
public static class ConsistentTamper
{
    private const int SectionHeaderLength = 32;
    private const int IndexEntriesOffset = 8;
    private const int IndexEntrySize = 88;

    public static byte[] Apply(byte[] image, int entryNumber, long payloadOffset)
    {
        var bytes = (byte[])image.Clone();
        long indexOffset;
        IndexEntry entry;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, image);
            using var reader = ImageReader.Open(path);
            entry = reader.Index[entryNumber];
            indexOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 24));
        }
        finally
        {
            File.Delete(path);
        }

        bytes[entry.Offset + SectionHeaderLength + payloadOffset] ^= 0x01;
        var payloadCrc = Crc32C(bytes.AsSpan((int)entry.Offset + SectionHeaderLength, (int)entry.PayloadLength));
        Reframe(bytes, entry.Offset, payloadCrc);

        var indexPayload = (int)indexOffset + SectionHeaderLength;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(indexPayload + IndexEntriesOffset + (entryNumber * IndexEntrySize) + 24), payloadCrc);
        var indexLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)indexOffset + 16));
        Reframe(bytes, indexOffset, Crc32C(bytes.AsSpan(indexPayload, indexLength)));
        return bytes;
    }

    /// <summary>Clears the header's autoclear feature bits and repairs the header CRC, as a rewriting tool that does not know them would.</summary>
    public static byte[] ClearAutoclear(byte[] image)
    {
        var bytes = (byte[])image.Clone();
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), Crc32C(bytes.AsSpan(0, headerLength)));
        return bytes;
    }

    private static void Reframe(byte[] bytes, long sectionOffset, uint payloadCrc)
    {
        var header = bytes.AsSpan((int)sectionOffset, SectionHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], payloadCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C(header[..28]));
    }

    // Bitwise CRC-32C, independent of the library's table-driven one.
    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
