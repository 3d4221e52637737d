using System.Buffers;
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
/// document. The document is read a section at a time and the image written as it goes, then read back as
/// strictly as <see cref="ImageStreamReader"/> reads (chunks decoded and hashed) before the image counts as
/// written, so a document that describes an unreadable image leaves no image. Memory follows the largest section,
/// not the document or the image.
/// </summary>
public static class ImageJsonEncoder
{
    /// <summary>
    /// The most bytes of the document one value (the header, one section) may take: a FILES section at its format
    /// limit (64 MiB of payload) is about 86 MiB of base64; the buffer that holds the value is the encoder's
    /// largest allocation.
    /// </summary>
    public const int MaxValueBytes = 128 << 20;

    /// <summary>The largest payload of a section encoded from its base64 (a type this library does not read): the FILES limit.</summary>
    public const int MaxOpaquePayload = FormatLimits.MaxFilesPayload;

    private const int MaxDepth = 16;

    private static readonly string[] s_rootFields = ["snapconv", "header", "sections"];

    /// <summary>
    /// Encodes the UTF-8 JSON document read from <paramref name="utf8Json"/> into the image file
    /// <paramref name="imagePath"/>, written atomically: on any failure the file is as it was.
    /// </summary>
    /// <exception cref="ImageJsonException">The document is malformed or describes an image that does not read back.</exception>
    public static void Encode(Stream utf8Json, string imagePath, ImageJsonEncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        options = Checked(options);
        AtomicFile.Write(imagePath, image => EncodeInto(utf8Json, image, options));
    }

    /// <summary>
    /// Encodes the UTF-8 JSON document read from <paramref name="utf8Json"/> and writes the image to
    /// <paramref name="destination"/>. The image is built in a temporary file and copied only once it reads back.
    /// </summary>
    /// <exception cref="ImageJsonException">The document is malformed or describes an image that does not read back; nothing was written.</exception>
    public static void Encode(Stream utf8Json, Stream destination, ImageJsonEncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(destination);
        options = Checked(options);
        string path = Path.Combine(Path.GetTempPath(), $"snapconv-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        using var image = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        EncodeInto(utf8Json, image, options);
        image.Position = 0;
        image.CopyTo(destination);
    }

    private static ImageJsonEncodeOptions Checked(ImageJsonEncodeOptions? options)
    {
        options ??= new ImageJsonEncodeOptions();
        if (options.CompressionLevel is < 1 or > 19)
            throw new ArgumentOutOfRangeException(nameof(options), options.CompressionLevel, "zstd level must be 1..19");
        return options;
    }

    /// <summary>
    /// Reads the document's members in order: "snapconv" and "header" (in either order) before "sections", whose
    /// items are encoded one at a time straight into <paramref name="image"/> (empty, readable and seekable).
    /// </summary>
    private static void EncodeInto(Stream utf8Json, Stream image, ImageJsonEncodeOptions options)
    {
        if (!image.CanRead || !image.CanSeek || image.Length != 0)
            throw new ArgumentException("the image stream must be empty, readable and seekable", nameof(image));
        var json = new JsonValueStream(utf8Json, MaxDepth, MaxValueBytes);
        long documentLength = utf8Json.CanSeek ? Math.Max(1, utf8Json.Length - utf8Json.Position) : 0;
        if (json.Next("$", out _) != JsonTokenType.StartObject)
            throw new ImageJsonException("$", "expected an object, the document's root");

        bool versionSeen = false;
        (byte[] Bytes, ConversionContext Context)? header = null;
        List<long>? sectionStarts = null;
        while (json.Next("$", out string? name) == JsonTokenType.PropertyName)
        {
            string path = JsonCursor.Member("$", name!);
            if (!s_rootFields.Contains(name, StringComparer.Ordinal))
                throw new ImageJsonException(path, $"unknown field '{name}' (expected one of: {string.Join(", ", s_rootFields)})");
            if (name == "snapconv" && versionSeen || name == "header" && header is not null || name == "sections" && sectionStarts is not null)
                throw new ImageJsonException("$", $"field '{name}' appears twice");
            if (sectionStarts is not null)
                throw new ImageJsonException(path, "'sections' must be the last field: the document is read one section at a time, after 'snapconv' and 'header'");
            switch (name)
            {
                case "snapconv":
                    using (JsonDocument value = json.NextValue(path)!)
                    {
                        var version = new JsonCursor(value.RootElement, path);
                        if (version.Unsigned() != ImageJsonDecoder.DocumentVersion)
                            version.Fail($"this snapconv reads document version {ImageJsonDecoder.DocumentVersion}");
                    }
                    versionSeen = true;
                    break;
                case "header":
                    using (JsonDocument value = json.NextValue(path)!)
                        header = HeaderJson.Read(new JsonCursor(value.RootElement, path), options);
                    break;
                default:
                    if (!versionSeen)
                        throw new ImageJsonException("$", "missing field 'snapconv' (it comes before 'sections')");
                    if (header is not { } known)
                        throw new ImageJsonException("$", "missing field 'header' (it comes before 'sections')");
                    sectionStarts = WriteSections(json, path, image, known.Bytes, known.Context,
                        options.Progress is { } progress && documentLength > 0 ? () => progress.Report(0.8 * json.Consumed / documentLength) : null);
                    break;
            }
        }
        if (!versionSeen)
            throw new ImageJsonException("$", "missing field 'snapconv'");
        if (header is null)
            throw new ImageJsonException("$", "missing field 'header'");
        if (sectionStarts is null)
            throw new ImageJsonException("$", "missing field 'sections'");
        if (json.Next("$", out _) != JsonTokenType.None)
            throw new ImageJsonException("$", "not valid JSON: more after the document's root object");

        ReadBack(image, sectionStarts, header.Value.Context, options.Progress);
        image.Flush();
    }

    /// <summary>Writes the header, each item of the "sections" array as it is read, the index and the footer; returns where each section starts, and last where the index starts.</summary>
    private static List<long> WriteSections(JsonValueStream json, string path, Stream image, byte[] header, ConversionContext context, Action? reportProgress)
    {
        if (json.Next(path, out _) != JsonTokenType.StartArray)
            throw new ImageJsonException(path, "expected an array of sections");
        image.Write(header);
        var index = new List<IndexEntry>();
        var starts = new List<long>();
        while (true)
        {
            string itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index.Count}]");
            using JsonDocument? item = json.NextValue(itemPath);
            if (item is null)
                break;
            if (index.Count == FormatLimits.MaxIndexEntries)
                throw new ImageJsonException(path, $"more than the limit of {FormatLimits.MaxIndexEntries} items");
            starts.Add(image.Position);
            index.Add(WriteSection(image, new JsonCursor(item.RootElement, itemPath), context));
            reportProgress?.Invoke();
        }

        var payload = new PayloadWriter();
        IndexSection.Write(payload, index);
        long indexOffset = image.Position;
        starts.Add(indexOffset);
        WriteFramed(image, new SectionHeader(SectionType.Index, SectionLayout.CurrentVersion, SectionFlags.Critical,
            payload.Length, Crc32C.Compute(payload.WrittenSpan)), payload.WrittenSpan);
        Span<byte> footer = stackalloc byte[FooterLayout.Length];
        new Footer(indexOffset, image.Position - indexOffset, context.PagesPerChunk).WriteTo(footer);
        image.Write(footer);
        return starts;
    }

    private static IndexEntry WriteSection(Stream image, JsonCursor section, ConversionContext context)
    {
        (SectionType type, ushort version, SectionFlags flags) = SectionFrameJson.Read(section);
        if (type == SectionType.Index)
            section.Property("type").Fail("the INDEX is rebuilt by encoding: leave it out of 'sections'");
        var framed = new IndexEntry(type, version, flags, image.Position, 0, 0, 0, 0, 0, 0, Hash256.Zero);
        long limit = new SectionHeader(type, version, flags, 0, 0).PayloadLimit;
        int maxPayload = (int)Math.Min(limit, MaxOpaquePayload);
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

    private static void WriteFramed(Stream image, SectionHeader header, ReadOnlySpan<byte> payload)
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
    /// An incremental image's references into its ancestors cannot be followed here (the ancestors are wherever
    /// the document's PARENTS says, relative to an output not yet in place), so they are checked for shape only: an
    /// ordinal within the PARENTS list. Whether each ancestor exists, has its id and holds the target is snapcheck's
    /// question.
    /// </summary>
    private static void ReadBack(Stream image, List<long> sectionStarts, ConversionContext context, IProgress<double>? progress)
    {
        try
        {
            ReadBackImage(image, context, progress);
        }
        catch (SnapshotFormatException ex)
        {
            string path = "$.sections";
            if (ex.Offset is { } offset)
            {
                int at = sectionStarts.BinarySearch(offset);
                at = at >= 0 ? at : ~at - 1;
                if (at < 0)
                    path = "$.header";
                else if (at < sectionStarts.Count - 1)
                    path = string.Create(CultureInfo.InvariantCulture, $"$.sections[{at}]");
            }
            throw new ImageJsonException(path, $"the image would not read back: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// One pass as <see cref="ImageStreamReader"/> reads (CRCs, framing, metadata rules, index, ordinal-0 references
    /// against their targets), then every MEMCHUNK read again, decoded and hashed, and every ancestor reference
    /// checked against PARENTS. The stream reader itself cannot be asked for the chunks: it refuses a reference into
    /// an ancestor as soon as it must hand pages on, and a child image is mostly such references.
    /// </summary>
    private static void ReadBackImage(Stream image, ConversionContext context, IProgress<double>? progress)
    {
        double length = Math.Max(1, image.Length);
        var entries = new List<IndexEntry>();
        image.Position = 0;
        ImageMetadata metadata = ImageStreamReader.Read(image, onSection: entry =>
        {
            entries.Add(entry);
            progress?.Report(0.8 + 0.1 * entry.Offset / length);
        });
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FormatLimits.MaxChunkPayload);
        try
        {
            foreach (IndexEntry entry in entries)
            {
                if (entry.Type is not (SectionType.MemoryChunk or SectionType.ChunkReference) || !SectionNames.IsKnown(entry.Type, entry.Version))
                    continue;
                long payloadOffset = entry.Offset + SectionLayout.HeaderLength;
                Span<byte> payload = buffer.AsSpan(0, (int)entry.PayloadLength);
                image.Position = payloadOffset;
                image.ReadExactly(payload);
                if (entry.Type == SectionType.MemoryChunk)
                {
                    _ = ChunkDecoder.Decode(payload, payloadOffset, metadata.Header.Build.PageSize, context.PagesPerChunk, entry.Version,
                        verifyContentHash: true);
                }
                else
                {
                    ChunkReference reference = ChunkReferenceSection.Parse(payload, payloadOffset, context.PagesPerChunk);
                    if (reference.ImageOrdinal > metadata.Parents.Count)
                        FormatThrow.Invalid(entry.SectionName, entry.Offset, metadata.Parents.Count == 0
                            ? $"refers to ancestor image {reference.ImageOrdinal}, but the image names no ancestors (no PARENTS section)"
                            : $"refers to ancestor image {reference.ImageOrdinal}, but PARENTS names only {metadata.Parents.Count}");
                }
                progress?.Report(0.9 + 0.1 * entry.Offset / length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
