using System.Buffers.Binary;

namespace Snapshot.Fuzz.Mutation;

/// <summary>
/// Recomputes every CRC of a mutated image along the original's framing (header, each section's payload
/// and header CRC, index entries, footer), so that the mutation reaches the parsers behind the checksums
/// instead of stopping at the first CRC: the input a careful attacker would craft.
/// </summary>
public static class CrcSealer
{
    private const int HeaderCrcOffset = 40;
    private const uint IndexType = 0x00F0;

    public static void Seal(byte[] image, ImageLayoutMap original)
    {
        var span = image.AsSpan();
        if (original.HeaderLength <= image.Length && original.HeaderLength > HeaderCrcOffset + 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[HeaderCrcOffset..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(span[HeaderCrcOffset..], Crc32C.Compute(span[..original.HeaderLength]));
        }

        FramedSection? index = null;
        foreach (var section in original.Sections)
        {
            if (section.Type == IndexType)
            {
                index = section;
                continue;
            }

            SealSection(span, section.Offset);
        }

        if (index is not null)
        {
            SealIndexEntries(span, index);
            SealSection(span, index.Offset);
        }

        if (image.Length >= ImageLayoutMap.FooterLength)
        {
            var footer = span[^ImageLayoutMap.FooterLength..];
            BinaryPrimitives.WriteUInt32LittleEndian(footer[28..], Crc32C.Compute(footer[..28]));
        }
    }

    private static void SealSection(Span<byte> image, long offset)
    {
        if (offset < 0 || offset + ImageLayoutMap.SectionHeaderLength > image.Length)
        {
            return;
        }

        var header = image.Slice((int)offset, ImageLayoutMap.SectionHeaderLength);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        var payloadStart = offset + ImageLayoutMap.SectionHeaderLength;
        if (length <= (ulong)(image.Length - payloadStart))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], Crc32C.Compute(image.Slice((int)payloadStart, (int)length)));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(header[..28]));
    }

    // Each entry takes the CRC its section header now carries, wherever the (possibly mutated) entry points.
    private static void SealIndexEntries(Span<byte> image, FramedSection index)
    {
        var payload = index.PayloadOffset;
        if (payload + 8 > image.Length)
        {
            return;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(image[(int)payload..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(image[(int)(payload + 4)..]);
        if (size < 88)
        {
            return;
        }

        for (long i = 0; i < count; i++)
        {
            var entry = payload + 8 + (i * size);
            if (entry + 88 > image.Length)
            {
                return;
            }

            var target = BinaryPrimitives.ReadUInt64LittleEndian(image[(int)(entry + 8)..]);
            if (target <= (ulong)(image.Length - ImageLayoutMap.SectionHeaderLength))
            {
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(image[(int)(target + 24)..]);
                BinaryPrimitives.WriteUInt32LittleEndian(image[(int)(entry + 24)..], crc);
            }
        }
    }
}
