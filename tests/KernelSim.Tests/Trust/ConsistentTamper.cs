using System.Buffers.Binary;
using Snapshot.Format;
using Snapshot.Fuzz.Mutation;

namespace KernelSim.Tests.Trust;

/// <summary>
/// Changes image bytes and repairs every CRC that covers them (section header, index entry, index section,
/// header, footer) through the fuzzer's <see cref="CrcSealer"/>: what an attacker does, so that only a
/// signature can tell.
/// </summary>
public static class ConsistentTamper
{
    private const int SectionHeaderLength = ImageLayoutMap.SectionHeaderLength;
    private const int HeaderFeaturesAutoclearOffset = 32;

    /// <summary>Flips the low bit of the byte at <paramref name="payloadOffset"/> in the payload of the section <paramref name="entry"/> frames.</summary>
    public static byte[] Apply(byte[] image, IndexEntry entry, long payloadOffset)
    {
        var bytes = (byte[])image.Clone();
        bytes[entry.Offset + SectionHeaderLength + payloadOffset] ^= 0x01;
        CrcSealer.Seal(bytes, ImageLayoutMap.Of(image));
        return bytes;
    }

    /// <summary>Clears the header's autoclear feature bits and repairs the header CRC, as a rewriting tool that does not know them would.</summary>
    public static byte[] ClearAutoclear(byte[] image)
    {
        var bytes = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(HeaderFeaturesAutoclearOffset), 0);
        CrcSealer.Seal(bytes, ImageLayoutMap.Of(image));
        return bytes;
    }
}
