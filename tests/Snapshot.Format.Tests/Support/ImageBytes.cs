using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Tests.Support;

/// <summary>Walks and patches the bytes of a written image, re-sealing CRCs where a test wants a consistent lie.</summary>
internal static class ImageBytes
{
    public static int HeaderLength(byte[] image) => (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(HeaderLayout.LengthOffset));

    /// <summary>Every section (header offset and frame), the index last.</summary>
    public static List<(long Offset, SectionHeader Header)> Sections(byte[] image)
    {
        var result = new List<(long, SectionHeader)>();
        long position = HeaderLength(image);
        long end = image.Length - FooterLayout.Length;
        while (position < end)
        {
            SectionHeader header = SectionHeader.Parse(image.AsSpan((int)position), position);
            result.Add((position, header));
            position += header.TotalLength;
        }
        return result;
    }

    public static long SectionOffset(byte[] image, SectionType type) => Sections(image).First(s => s.Header.Type == type).Offset;

    public static void RewriteSectionHeader(byte[] image, long offset, Func<SectionHeader, SectionHeader> change)
    {
        SectionHeader header = SectionHeader.Parse(image.AsSpan((int)offset), offset);
        change(header).WriteTo(image.AsSpan((int)offset, SectionLayout.HeaderLength));
    }

    /// <summary>Recomputes the payload CRC of the section at <paramref name="offset"/> after its payload was patched.</summary>
    public static void ResealPayload(byte[] image, long offset)
    {
        SectionHeader header = SectionHeader.Parse(image.AsSpan((int)offset), offset);
        uint crc = Crc32C.Compute(image.AsSpan((int)offset + SectionLayout.HeaderLength, (int)header.PayloadLength));
        (header with { PayloadCrc = crc }).WriteTo(image.AsSpan((int)offset, SectionLayout.HeaderLength));
    }

    public static void ResealHeader(byte[] image)
    {
        int length = HeaderLength(image);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(HeaderLayout.CrcOffset), HeaderCodec.ComputeCrc(image.AsSpan(0, length)));
    }

    /// <summary>Patches index entry <paramref name="entry"/> (of the INDEX payload) and reseals the index.</summary>
    public static void PatchIndexEntry(byte[] image, int entry, Action<Span<byte>> patch)
    {
        long indexOffset = SectionOffset(image, SectionType.Index);
        int start = (int)indexOffset + SectionLayout.HeaderLength + IndexLayout.EntriesOffset + entry * IndexLayout.EntrySize;
        patch(image.AsSpan(start, IndexLayout.EntrySize));
        ResealPayload(image, indexOffset);
    }

    public static int IndexEntryOf(byte[] image, SectionType type) =>
        Sections(image).FindIndex(s => s.Header.Type == type);
}
