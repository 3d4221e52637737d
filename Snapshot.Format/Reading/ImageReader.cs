using System.Buffers;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format;

/// <summary>
/// Reads a seekable image: header, footer and index at <see cref="Open"/>, then any section on demand by
/// offset. Reading metadata never touches page data, so inspecting a huge image reads a few KiB.
/// Every malformed input yields <see cref="SnapshotFormatException"/>; methods are safe to call concurrently.
/// </summary>
public sealed partial class ImageReader : IDisposable
{
    private readonly ImageFile _file;

    private ImageReader(ImageFile file, ImageHeader header, int headerLength, int pagesPerChunk, IReadOnlyList<IndexEntry> index)
    {
        _file = file;
        Header = header;
        HeaderLength = headerLength;
        PagesPerChunk = pagesPerChunk;
        Index = index;
    }

    /// <summary>The path the image was opened from.</summary>
    public string Path => _file.Path;

    /// <summary>The file length in bytes.</summary>
    public long Length => _file.Length;

    /// <summary>The header (CRC-checked, feature bits accepted).</summary>
    public ImageHeader Header { get; }

    /// <summary>Bytes of the header, i.e. the offset of the first section.</summary>
    public int HeaderLength { get; }

    /// <summary>Every section except the index itself, in file order.</summary>
    public IReadOnlyList<IndexEntry> Index { get; }

    /// <summary>Pages per memory chunk (1..64).</summary>
    public int PagesPerChunk { get; }

    /// <summary>The open file, for readers of sections this class does not decode (signatures).</summary>
    internal ImageFile File => _file;

    /// <summary>Bytes read from the file so far.</summary>
    public long BytesRead => _file.BytesRead;

    /// <summary>Opens an image and reads its header, footer and index, verifying their CRCs.</summary>
    /// <exception cref="SnapshotFormatException">The file is not a readable image.</exception>
    public static ImageReader Open(string path)
    {
        ImageFile file = ImageFile.Open(path);
        try
        {
            (ImageHeader header, int headerLength, int pagesPerChunk) = file.ReadHeader();
            HeaderCodec.CheckFeatures(header);
            long footerOffset = file.Length - FooterLayout.Length;
            if (footerOffset < headerLength)
                FormatThrow.Invalid("footer", file.Length, "the file ends before a footer (truncated or not finished)");
            Span<byte> footerBytes = stackalloc byte[FooterLayout.Length];
            file.Read(footerOffset, footerBytes, "footer");
            Footer footer = Footer.Parse(footerBytes, footerOffset, headerLength, pagesPerChunk);
            IReadOnlyList<IndexEntry> index = ReadIndex(file, footer, headerLength);
            return new ImageReader(file, header, headerLength, pagesPerChunk, index);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads every metadata section (CRC-checked), never page data. Unknown non-critical sections are skipped.</summary>
    public ImageMetadata ReadMetadata()
    {
        var assembler = new MetadataAssembler();
        foreach (IndexEntry entry in Index)
        {
            if (entry.IsChunk || !SectionNames.IsKnown(entry.Type, entry.Version))
                continue;
            byte[] buffer = ReadSection(entry);
            try
            {
                assembler.Add(entry.Type, buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength), entry.Offset);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return assembler.Build(Header, Length);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    private static IReadOnlyList<IndexEntry> ReadIndex(ImageFile file, Footer footer, int headerLength)
    {
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
        file.Read(footer.IndexOffset, frame, "INDEX");
        SectionHeader section = SectionHeader.Parse(frame, footer.IndexOffset, "INDEX");
        if (section.Type != SectionType.Index || section.Version != SectionLayout.CurrentVersion)
            FormatThrow.Invalid("INDEX", footer.IndexOffset, $"the footer points at a {section.Name} version {section.Version} section, not INDEX version 1");
        if (section.TotalLength != footer.IndexLength)
            FormatThrow.Invalid("INDEX", footer.IndexOffset, $"section length {section.TotalLength} differs from the footer's {footer.IndexLength}");
        // The footer pinned the index between known offsets, so this payload fits the file; the cap is the format's limit.
        if (section.PayloadLength > section.PayloadLimit)
            FormatThrow.Invalid("INDEX", footer.IndexOffset, $"payload length {section.PayloadLength} exceeds the limit");
        long payloadOffset = footer.IndexOffset + SectionLayout.HeaderLength;
        byte[] payload = ArrayPool<byte>.Shared.Rent((int)section.PayloadLength);
        try
        {
            Span<byte> span = payload.AsSpan(0, (int)section.PayloadLength);
            file.Read(payloadOffset, span, "INDEX");
            uint crc = Crc32C.Compute(span);
            if (crc != section.PayloadCrc)
                FormatThrow.CrcMismatch("INDEX", footer.IndexOffset, "payload", section.PayloadCrc, crc);
            IReadOnlyList<IndexEntry> entries = IndexSection.Parse(span, payloadOffset, headerLength, footer.IndexOffset);
            foreach (IndexEntry entry in entries)
                CheckEntry(entry, payloadOffset);
            return entries;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private static void CheckEntry(IndexEntry entry, long indexPayloadOffset)
    {
        if (entry.Type == SectionType.Index)
            FormatThrow.Invalid("INDEX", indexPayloadOffset, $"the index lists an INDEX section at 0x{entry.Offset:x}");
        if (!SectionNames.IsKnown(entry.Type, entry.Version) && (entry.Flags & SectionFlags.Critical) != 0)
            FormatThrow.Invalid(entry.SectionName, entry.Offset,
                $"critical section type {entry.SectionName} version {entry.Version} is not supported by this reader");
        var probe = new SectionHeader(entry.Type, entry.Version, entry.Flags, entry.PayloadLength, entry.PayloadCrc);
        if (SectionNames.IsKnown(entry.Type, entry.Version) && entry.PayloadLength > probe.PayloadLimit)
            FormatThrow.Invalid(entry.SectionName, entry.Offset, $"payload length {entry.PayloadLength} exceeds the limit {probe.PayloadLimit}");
    }

    /// <summary>
    /// Reads header and payload of an indexed section into a rented buffer (caller returns it; the payload starts at
    /// <see cref="SectionLayout.HeaderLength"/>), checks the header against the entry and both CRCs.
    /// </summary>
    internal byte[] ReadSection(IndexEntry entry) => _file.ReadSection(entry, HeaderLength);
}
