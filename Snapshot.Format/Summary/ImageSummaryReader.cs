using System.Buffers;
using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;
using Snapshot.Format.Signing;

namespace Snapshot.Format.Summary;

/// <summary>
/// Reads what an image holds besides its memory, reading as little as possible: the header, the footer, the
/// INDEX section's header and count, its last entry (or last two, after a SIGNATURE), the SUMMARY section it names
/// (format 1.3) and the metadata sections the summary lists; every section header and payload read is CRC-checked
/// against the entry that names it. An image without the "summary" autoclear bit, or whose summary cannot be used,
/// is read through its whole index (<see cref="ImageReader"/>) instead, with the same result.
/// Every malformed input yields <see cref="SnapshotFormatException"/>.
/// </summary>
public sealed class ImageSummaryReader : IDisposable
{
    private const string SummaryName = "SUMMARY";

    private readonly ImageFile? _file;
    private readonly ImageReader? _indexReader;
    private readonly IndexEntry? _signature;
    private readonly long _probeBytes;

    private ImageSummaryReader(ImageFile file, ImageHeader header, int headerLength, int pagesPerChunk, ImageSummary summary,
                               IndexEntry? signature)
    {
        _file = file;
        Header = header;
        HeaderLength = headerLength;
        PagesPerChunk = pagesPerChunk;
        Summary = summary;
        _signature = signature;
        Path = file.Path;
        Length = file.Length;
        Source = SummarySource.Summary;
    }

    private ImageSummaryReader(ImageReader reader, string? fallbackReason, long probeBytes)
    {
        _indexReader = reader;
        _probeBytes = probeBytes;
        Header = reader.Header;
        HeaderLength = reader.HeaderLength;
        PagesPerChunk = reader.PagesPerChunk;
        Summary = ImageSummary.FromIndex(reader.Index, reader.Header.Build.PageSize);
        Path = reader.Path;
        Length = reader.Length;
        Source = SummarySource.Index;
        FallbackReason = fallbackReason;
    }

    /// <summary>The path the image was opened from.</summary>
    public string Path { get; }

    /// <summary>The file length in bytes.</summary>
    public long Length { get; }

    /// <summary>The header (CRC-checked, feature bits accepted).</summary>
    public ImageHeader Header { get; }

    /// <summary>Bytes of the header, i.e. the offset of the first section.</summary>
    public int HeaderLength { get; }

    /// <summary>Pages per memory chunk (1..64).</summary>
    public int PagesPerChunk { get; }

    /// <summary>
    /// Every section that is not a memory section, in file order (the SUMMARY and SIGNATURE sections included), and
    /// the per-area totals of the memory sections: equal whichever <see cref="Source"/> they came from.
    /// </summary>
    public ImageSummary Summary { get; }

    /// <summary>The whole index (every section, chunks included) when it was read (<see cref="Source"/> is Index); otherwise null.</summary>
    public IReadOnlyList<IndexEntry>? Index => _indexReader?.Index;

    /// <summary>Whether the summary or the whole index was read.</summary>
    public SummarySource Source { get; }

    /// <summary>Why an image with the "summary" bit was read through its index (its summary was missing or damaged); null otherwise.</summary>
    public string? FallbackReason { get; }

    /// <summary>Bytes read from the file so far.</summary>
    public long BytesRead => _file?.BytesRead ?? _probeBytes + _indexReader!.BytesRead;

    /// <summary>
    /// Opens an image: through its summary when the header announces one and <paramref name="useSummary"/> is true
    /// (the default), otherwise through its whole index.
    /// </summary>
    /// <exception cref="SnapshotFormatException">The file is not a readable image.</exception>
    public static ImageSummaryReader Open(string path, bool useSummary = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ImageFile file = ImageFile.Open(path);
        bool keep = false;
        try
        {
            (ImageHeader header, int headerLength, int pagesPerChunk) = file.ReadHeader();
            HeaderCodec.CheckFeatures(header);
            if (!useSummary || (header.Features.Autoclear & Features.AutoclearSummary) == 0)
                return FromIndex(path, fallbackReason: null, file.BytesRead);
            Footer footer = ReadFooter(file, headerLength, pagesPerChunk);
            string? reason;
            try
            {
                (ImageSummary summary, IndexEntry? signature) = ReadSummary(file, header, footer, headerLength, pagesPerChunk);
                keep = true;
                return new ImageSummaryReader(file, header, headerLength, pagesPerChunk, summary, signature);
            }
            catch (SnapshotFormatException ex)
            {
                // The summary is an optional shortcut (non-critical, autoclear): when it cannot be used the index
                // decides, and if the index is damaged too, that is the error the caller sees.
                reason = ex.Message;
            }
            return FromIndex(path, reason, file.BytesRead);
        }
        finally
        {
            if (!keep)
                file.Dispose();
        }
    }

    /// <summary>Reads every metadata section (CRC-checked), never page data. Unknown non-critical sections are skipped.</summary>
    public ImageMetadata ReadMetadata()
    {
        if (_indexReader is not null)
            return _indexReader.ReadMetadata();
        var assembler = new MetadataAssembler();
        foreach (IndexEntry entry in Summary.Sections)
        {
            if (entry.Type is SectionType.Index or SectionType.Summary || ImageSummary.IsMemorySection(entry.Type)
                || !SectionNames.IsKnown(entry.Type, entry.Version))
                continue;
            byte[] buffer = _file!.ReadSection(entry, HeaderLength);
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

    /// <summary>The image's signature (never verified here), or null when it has none.</summary>
    /// <exception cref="SnapshotFormatException">The SIGNATURE section is malformed or misplaced.</exception>
    public ImageSignature? FindSignature()
    {
        if (_indexReader is not null)
            return ImageSignatures.Find(_indexReader);
        // The summary lists what was written before it; a signature is written after it, as the last section.
        if (Summary.Sections.FirstOrDefault(e => e.Type == SectionType.Signature && e != _signature) is { } early)
            FormatThrow.Invalid(early.SectionName, early.Offset, "a SIGNATURE section before the SUMMARY section: sections were added after signing");
        if (_signature is not { } entry)
            return null;
        if (entry.Version != SectionLayout.CurrentVersion)
            FormatThrow.Invalid(entry.SectionName, entry.Offset, $"version {entry.Version} is not supported (this reader knows version 1)");
        if (entry.PayloadLength > SignatureLayout.MaxPayload)
            FormatThrow.Invalid(entry.SectionName, entry.Offset, $"payload length {entry.PayloadLength} exceeds the limit {SignatureLayout.MaxPayload}");
        byte[] buffer = _file!.ReadSection(entry, HeaderLength);
        try
        {
            SignatureSection.Parsed parsed = SignatureSection.Parse(buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength), entry.Offset);
            return new ImageSignature(parsed.Algorithm, Convert.ToHexStringLower(parsed.KeyId), entry.Offset, parsed.Manifest.Sections.Count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _indexReader?.Dispose();
    }

    private static ImageSummaryReader FromIndex(string path, string? fallbackReason, long probeBytes) =>
        new(ImageReader.Open(path), fallbackReason, probeBytes);

    private static Footer ReadFooter(ImageFile file, int headerLength, int pagesPerChunk)
    {
        long footerOffset = file.Length - FooterLayout.Length;
        if (footerOffset < headerLength)
            FormatThrow.Invalid("footer", file.Length, "the file ends before a footer (truncated or not finished)");
        Span<byte> footer = stackalloc byte[FooterLayout.Length];
        file.Read(footerOffset, footer, "footer");
        return Footer.Parse(footer, footerOffset, headerLength, pagesPerChunk);
    }

    /// <summary>Finds the SUMMARY section through the last index entries and reads it; throws when it cannot be used.</summary>
    private static (ImageSummary Summary, IndexEntry? Signature) ReadSummary(ImageFile file, ImageHeader header, Footer footer,
                                                                            int headerLength, int pagesPerChunk)
    {
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength + IndexLayout.EntriesOffset];
        file.Read(footer.IndexOffset, frame, "INDEX");
        SectionHeader index = SectionHeader.Parse(frame, footer.IndexOffset, "INDEX");
        if (index.Type != SectionType.Index || index.Version != SectionLayout.CurrentVersion || index.TotalLength != footer.IndexLength)
            FormatThrow.Invalid("INDEX", footer.IndexOffset, $"the footer points at a {index.Name} version {index.Version} section of {index.TotalLength} bytes, not the INDEX");
        long payloadOffset = footer.IndexOffset + SectionLayout.HeaderLength;
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(frame[(SectionLayout.HeaderLength + IndexLayout.CountOffset)..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(frame[(SectionLayout.HeaderLength + IndexLayout.EntrySizeOffset)..]);
        if (size < IndexLayout.EntrySize || size > FormatLimits.MaxIndexEntrySize || count == 0
            || IndexLayout.EntriesOffset + (long)count * size != index.PayloadLength)
            FormatThrow.Invalid("INDEX", payloadOffset, $"{count} entries of {size} bytes do not make its {index.PayloadLength}-byte payload");

        IndexEntry last = ReadEntry(file, payloadOffset, size, count - 1);
        IndexEntry? signature = null;
        IndexEntry summaryEntry = last;
        if (last.Type == SectionType.Signature && count >= 2)
        {
            signature = last;
            summaryEntry = ReadEntry(file, payloadOffset, size, count - 2);
        }
        if (summaryEntry.Type != SectionType.Summary || summaryEntry.Version != SectionLayout.CurrentVersion)
            FormatThrow.Invalid("INDEX", payloadOffset, $"the \"summary\" bit is set, but the index ends with a {summaryEntry.SectionName} version {summaryEntry.Version} section, not SUMMARY version 1");
        long summaryEnd = summaryEntry.Offset + summaryEntry.TotalLength;
        if (summaryEntry.Offset < headerLength || summaryEntry.Offset % SectionLayout.Alignment != 0
            || summaryEntry.PayloadLength > SummaryLayout.MaxPayload || summaryEntry.PayloadLength > footer.IndexOffset
            || summaryEnd > (signature?.Offset ?? footer.IndexOffset))
            FormatThrow.Invalid(SummaryName, summaryEntry.Offset, $"index entry (offset 0x{summaryEntry.Offset:x}, length {summaryEntry.PayloadLength}) is out of bounds");
        if (signature is not null && signature.Offset + signature.TotalLength > footer.IndexOffset)
            FormatThrow.Invalid(signature.SectionName, signature.Offset, "index entry runs past the index");

        byte[] buffer = file.ReadSection(summaryEntry, headerLength);
        try
        {
            ImageSummary listed = SummarySection.Parse(buffer.AsSpan(SectionLayout.HeaderLength, (int)summaryEntry.PayloadLength),
                summaryEntry.Offset, headerLength, header.Build.PageSize, pagesPerChunk);
            foreach (IndexEntry entry in listed.Sections)
                CheckKnown(entry);
            List<IndexEntry> sections = [.. listed.Sections, summaryEntry];
            if (signature is not null)
                sections.Add(signature);
            return (listed with { Sections = sections }, signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IndexEntry ReadEntry(ImageFile file, long indexPayloadOffset, uint size, uint i)
    {
        long at = indexPayloadOffset + IndexLayout.EntriesOffset + (long)i * size;
        Span<byte> bytes = stackalloc byte[IndexLayout.EntrySize];
        file.Read(at, bytes, "INDEX");
        return IndexSection.ParseEntry(bytes, at, (int)i);
    }

    /// <summary>A critical section this reader does not know makes the image unreadable, exactly as when the index is read.</summary>
    private static void CheckKnown(IndexEntry entry)
    {
        if (!SectionNames.IsKnown(entry.Type, entry.Version) && (entry.Flags & SectionFlags.Critical) != 0)
            throw new SnapshotFormatException(entry.SectionName, entry.Offset,
                $"critical section type {entry.SectionName} version {entry.Version} is not supported by this reader");
        var probe = new SectionHeader(entry.Type, entry.Version, entry.Flags, entry.PayloadLength, entry.PayloadCrc);
        if (SectionNames.IsKnown(entry.Type, entry.Version) && entry.PayloadLength > probe.PayloadLimit)
            throw new SnapshotFormatException(entry.SectionName, entry.Offset, $"payload length {entry.PayloadLength} exceeds the limit {probe.PayloadLimit}");
    }
}
