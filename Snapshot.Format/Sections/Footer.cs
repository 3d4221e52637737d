using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>The 32-byte footer: where the index is, and the chunk geometry.</summary>
internal readonly record struct Footer(long IndexOffset, long IndexLength, int PagesPerChunk)
{
    private const string Section = "footer";

    public void WriteTo(Span<byte> destination)
    {
        FooterLayout.Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[FooterLayout.IndexOffsetOffset..], (ulong)IndexOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[FooterLayout.IndexLengthOffset..], (ulong)IndexLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FooterLayout.PagesPerChunkOffset..], (uint)PagesPerChunk);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FooterLayout.CrcOffset..], Crc32C.Compute(destination[..FooterLayout.CrcOffset]));
    }

    /// <summary>Parses the footer at <paramref name="footerOffset"/> and checks it against the header and the file.</summary>
    public static Footer Parse(ReadOnlySpan<byte> source, long footerOffset, int headerLength, int pagesPerChunk)
    {
        if (!source[..FooterLayout.MagicLength].SequenceEqual(FooterLayout.Magic))
            FormatThrow.Invalid(Section, footerOffset, "footer magic missing (truncated or not finished)");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(source[FooterLayout.CrcOffset..]);
        uint computed = Crc32C.Compute(source[..FooterLayout.CrcOffset]);
        if (stored != computed)
            FormatThrow.CrcMismatch(Section, footerOffset + FooterLayout.CrcOffset, "footer", stored, computed);
        ulong indexOffset = BinaryPrimitives.ReadUInt64LittleEndian(source[FooterLayout.IndexOffsetOffset..]);
        ulong indexLength = BinaryPrimitives.ReadUInt64LittleEndian(source[FooterLayout.IndexLengthOffset..]);
        if (indexOffset < (ulong)headerLength || indexOffset % SectionLayout.Alignment != 0
            || indexLength < SectionLayout.HeaderLength + IndexLayout.EntriesOffset
            || indexOffset > (ulong)footerOffset || indexLength != (ulong)footerOffset - indexOffset)
            FormatThrow.Invalid(Section, footerOffset + FooterLayout.IndexOffsetOffset,
                $"index at 0x{indexOffset:x} length {indexLength} does not end where the footer starts (0x{footerOffset:x})");
        uint ppc = BinaryPrimitives.ReadUInt32LittleEndian(source[FooterLayout.PagesPerChunkOffset..]);
        if (ppc != (uint)pagesPerChunk)
            FormatThrow.Invalid(Section, footerOffset + FooterLayout.PagesPerChunkOffset,
                $"pages per chunk {ppc} differs from the header's {pagesPerChunk}");
        return new Footer((long)indexOffset, (long)indexLength, pagesPerChunk);
    }
}
