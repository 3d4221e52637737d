using System.Globalization;
using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion;

/// <summary>
/// <c>snapconv encode</c>: turns the JSON document of format-spec/snapconv-json.md back into an image. The header's
/// length and CRC, every section's framing and CRC, the index and the footer are computed, never read from the
/// document. The image is built in memory and read back as strictly as <see cref="ImageStreamReader"/> reads
/// (chunks decoded and hashed) before a byte reaches the destination, so a document that describes an unreadable
/// image writes nothing.
/// </summary>
public static class ImageJsonEncoder
{
    /// <summary>The largest document accepted (1 GiB): the whole document and the image are held in memory.</summary>
    public const int MaxDocumentBytes = 1 << 30;

    private const int MaxDepth = 16;

    /// <summary>Encodes the UTF-8 JSON document <paramref name="utf8Json"/> and writes the image to <paramref name="destination"/>.</summary>
    /// <exception cref="ImageJsonException">The document is malformed or describes an image that does not read back; nothing was written.</exception>
    public static void Encode(ReadOnlyMemory<byte> utf8Json, Stream destination, ImageJsonEncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new ImageJsonEncodeOptions();
        if (options.CompressionLevel is < 1 or > 19)
            throw new ArgumentOutOfRangeException(nameof(options), options.CompressionLevel, "zstd level must be 1..19");
        if (utf8Json.Length > MaxDocumentBytes)
            throw new ImageJsonException("$", $"the document is {utf8Json.Length} bytes, more than the limit {MaxDocumentBytes}");

        using JsonDocument document = Parse(utf8Json);
        var root = new JsonCursor(document.RootElement, "$");
        root.AllowOnly("snapconv", "header", "sections");
        JsonCursor version = root.Property("snapconv");
        if (version.Unsigned() != ImageJsonDecoder.DocumentVersion)
            version.Fail($"this snapconv reads document version {ImageJsonDecoder.DocumentVersion}");

        (byte[] header, ConversionContext context) = HeaderJson.Read(root.Property("header"), options);
        using var image = new MemoryStream();
        image.Write(header);
        var index = new List<IndexEntry>();
        var places = new List<(long Start, long End, string Path)> { (0, header.Length, "$.header") };
        foreach (JsonCursor section in root.Property("sections").Items(FormatLimits.MaxIndexEntries))
        {
            long start = image.Position;
            IndexEntry entry = WriteSection(image, section, context);
            index.Add(entry);
            places.Add((start, image.Position, section.Path));
        }

        var payload = new PayloadWriter();
        IndexSection.Write(payload, index);
        long indexOffset = image.Position;
        WriteFramed(image, new SectionHeader(SectionType.Index, SectionLayout.CurrentVersion, SectionFlags.Critical,
            payload.Length, Crc32C.Compute(payload.WrittenSpan)), payload.WrittenSpan);
        Span<byte> footer = stackalloc byte[FooterLayout.Length];
        new Footer(indexOffset, image.Position - indexOffset, context.PagesPerChunk).WriteTo(footer);
        image.Write(footer);

        ReadBack(image, places, context);
        image.Position = 0;
        image.CopyTo(destination);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            string reason = ex.Message;
            int cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
            if (cut < 0)
                cut = reason.IndexOf(" LineNumber: ", StringComparison.Ordinal);
            reason = (cut > 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
            throw new ImageJsonException("$", string.Create(CultureInfo.InvariantCulture,
                $"not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {reason}"), ex);
        }
    }

    private static IndexEntry WriteSection(MemoryStream image, JsonCursor section, ConversionContext context)
    {
        (SectionType type, ushort version, SectionFlags flags) = SectionFrameJson.Read(section);
        if (type == SectionType.Index)
            section.Property("type").Fail("the INDEX is rebuilt by encoding: leave it out of 'sections'");
        var framed = new IndexEntry(type, version, flags, image.Position, 0, 0, 0, 0, 0, 0, Hash256.Zero);
        long limit = new SectionHeader(type, version, flags, 0, 0).PayloadLimit;
        int maxPayload = (int)Math.Min(limit, MaxDocumentBytes);
        SectionConverter? converter = SectionConverters.Find(type, version);
        byte[] payload;
        IndexEntry entry;
        if (converter is null)
        {
            section.AllowOnly([.. SectionFrameJson.Fields, .. OpaqueSectionJson.Fields]);
            (payload, entry) = OpaqueSectionJson.Read(section, framed, maxPayload);
        }
        else
        {
            section.AllowOnly([.. SectionFrameJson.Fields, .. converter.Fields]);
            try
            {
                payload = converter.Encode(section, context);
            }
            catch (ArgumentException ex)
            {
                // The converters check every value before the section writers see it; this is the writers' own net.
                throw new ImageJsonException(section.Path, ex.Message, ex);
            }
            if (payload.Length > maxPayload)
                section.Fail($"the {SectionNames.Of(type)} payload would be {payload.Length} bytes, more than the limit {maxPayload}");
            entry = converter.Identify(framed with { PayloadLength = payload.Length }, payload);
        }
        uint crc = Crc32C.Compute(payload);
        entry = entry with { PayloadCrc = crc };
        WriteFramed(image, new SectionHeader(type, version, flags, payload.Length, crc), payload);
        return entry;
    }

    private static void WriteFramed(MemoryStream image, SectionHeader header, ReadOnlySpan<byte> payload)
    {
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
        header.WriteTo(frame);
        image.Write(frame);
        image.Write(payload);
        Span<byte> padding = stackalloc byte[SectionLayout.Alignment];
        padding.Clear();
        image.Write(padding[..SectionLayout.PaddingAfter(payload.Length)]);
    }

    /// <summary>
    /// Reads the image as a reader would; a refusal names the part of the document that made the offending bytes.
    /// An incremental image's references into its ancestors cannot be followed here (the image is in memory and its
    /// ancestors are wherever the document's PARENTS says), so they are checked for shape only: an ordinal within
    /// the PARENTS list. Whether each ancestor exists, has its id and holds the target is snapcheck's question.
    /// </summary>
    private static void ReadBack(MemoryStream image, List<(long Start, long End, string Path)> places, ConversionContext context)
    {
        image.Position = 0;
        try
        {
            ReadBackImage(image, context);
        }
        catch (SnapshotFormatException ex)
        {
            string path = "$.sections";
            foreach ((long start, long end, string place) in places)
            {
                if (ex.Offset is { } offset && offset >= start && offset < end)
                    path = place;
            }
            throw new ImageJsonException(path, $"the image would not read back: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// One pass as <see cref="ImageStreamReader"/> reads (CRCs, framing, metadata rules, index, ordinal-0 references
    /// against their targets), then every MEMCHUNK decoded and hashed and every ancestor reference checked against
    /// PARENTS. The stream reader itself cannot be asked for the chunks: it refuses a reference into an ancestor
    /// as soon as it must hand pages on, and a child image is mostly such references.
    /// </summary>
    private static void ReadBackImage(MemoryStream image, ConversionContext context)
    {
        var entries = new List<IndexEntry>();
        ImageMetadata metadata = ImageStreamReader.Read(image, onSection: entries.Add);
        ReadOnlySpan<byte> bytes = image.GetBuffer().AsSpan(0, (int)image.Length);
        foreach (IndexEntry entry in entries)
        {
            if (!SectionNames.IsKnown(entry.Type, entry.Version))
                continue;
            long payloadOffset = entry.Offset + SectionLayout.HeaderLength;
            ReadOnlySpan<byte> payload = bytes.Slice((int)payloadOffset, (int)entry.PayloadLength);
            if (entry.Type == SectionType.MemoryChunk)
            {
                _ = ChunkDecoder.Decode(payload, payloadOffset, metadata.Header.Build.PageSize, context.PagesPerChunk, entry.Version,
                    verifyContentHash: true);
            }
            else if (entry.Type == SectionType.ChunkReference)
            {
                ChunkReference reference = ChunkReferenceSection.Parse(payload, payloadOffset, context.PagesPerChunk);
                if (reference.ImageOrdinal > metadata.Parents.Count)
                    FormatThrow.Invalid(entry.SectionName, entry.Offset, metadata.Parents.Count == 0
                        ? $"refers to ancestor image {reference.ImageOrdinal}, but the image names no ancestors (no PARENTS section)"
                        : $"refers to ancestor image {reference.ImageOrdinal}, but PARENTS names only {metadata.Parents.Count}");
            }
        }
    }
}
