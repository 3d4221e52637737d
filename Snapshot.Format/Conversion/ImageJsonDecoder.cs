using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion;

/// <summary>
/// <c>snapconv decode</c>: writes a whole image as the JSON document of format-spec/snapconv-json.md, which
/// <see cref="ImageJsonEncoder"/> turns back into the same bytes. The image is read as strictly as
/// <see cref="ImageReader"/> reads it (every CRC, every chunk decoded and hashed); an image that holds bytes the
/// document cannot carry (gaps between sections, non-zero padding, an index entry that disagrees with its
/// section) is refused rather than silently normalised. Memory use is one section at a time.
/// </summary>
public static class ImageJsonDecoder
{
    /// <summary>The version of the JSON document ("snapconv" member).</summary>
    public const int DocumentVersion = 1;

    /// <summary>Decodes the image at <paramref name="imagePath"/> into <paramref name="destination"/> (UTF-8 JSON, LF line ends).</summary>
    /// <exception cref="SnapshotFormatException">The image is malformed, or holds bytes the document cannot carry.</exception>
    public static void Decode(string imagePath, Stream destination, ImageJsonDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new ImageJsonDecodeOptions();
        using ImageReader reader = ImageReader.Open(imagePath);
        KernelBuildProfile? profile = KernelBuildCatalog.Find(reader.Header.Build.BuildId);
        var context = new ConversionContext(reader.Header.Build.PageSize, reader.PagesPerChunk, profile)
        {
            KeepStoredBytes = options.IncludeStoredBytes,
        };
        long indexOffset = CheckIndexFraming(reader);
        // The sections are converted one by one, but an image is more than its sections: the cross-section rules
        // (a "repaired" bit needs a REPAIR section, external state its COOPERATION, ...) must hold too, or the
        // document would encode to an image that does not read back (found by fuzzing spliced repaired images).
        _ = reader.ReadMetadata();

        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // Names and reasons may hold any character; keep them readable rather than \u-escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        json.WriteNumber("snapconv", DocumentVersion);
        byte[] header = new byte[reader.HeaderLength];
        reader.File.Read(0, header, "header");
        HeaderJson.Write(json, header, reader.Header, reader.PagesPerChunk, profile);

        json.WriteStartArray("sections");
        long expected = reader.HeaderLength;
        foreach (IndexEntry entry in reader.Index)
        {
            if (entry.Offset != expected)
                FormatThrow.Invalid(entry.SectionName, entry.Offset, $"{entry.Offset - expected} bytes at 0x{expected:x} belong to no section; the JSON document cannot carry them");
            WriteSection(json, reader, entry, context);
            json.Flush();
            expected = entry.Offset + entry.TotalLength;
        }
        if (expected != indexOffset)
            FormatThrow.Invalid("INDEX", indexOffset, $"{indexOffset - expected} bytes at 0x{expected:x} belong to no section; the JSON document cannot carry them");
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        destination.Write("\n"u8);
    }

    private static void WriteSection(Utf8JsonWriter json, ImageReader reader, IndexEntry entry, ConversionContext context)
    {
        byte[] buffer = reader.ReadSection(entry);
        try
        {
            ReadOnlySpan<byte> payload = buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength);
            CheckPadding(reader, entry);
            json.WriteStartObject();
            SectionFrameJson.Write(json, entry.Type, entry.Version, entry.Flags);
            SectionConverter? converter = SectionConverters.Find(entry.Type, entry.Version);
            if (converter is null)
            {
                OpaqueSectionJson.Write(json, payload, entry);
            }
            else
            {
                converter.Decode(payload, entry.Offset + SectionLayout.HeaderLength, context, json);
                IndexEntry framed = entry with { TaskId = 0, AreaId = 0, ChunkIndex = 0, PresentBitmap = 0, ContentHash = Hash256.Zero };
                if (converter.Identify(framed, payload) != entry)
                    FormatThrow.Invalid(entry.SectionName, entry.Offset, "the index entry's identity fields differ from the section's own");
            }
            json.WriteEndObject();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckPadding(ImageReader reader, IndexEntry entry)
    {
        Span<byte> padding = stackalloc byte[SectionLayout.Alignment];
        padding = padding[..SectionLayout.PaddingAfter(entry.PayloadLength)];
        long at = entry.Offset + SectionLayout.HeaderLength + entry.PayloadLength;
        reader.File.Read(at, padding, entry.SectionName);
        if (padding.ContainsAnyExcept((byte)0))
            FormatThrow.Invalid(entry.SectionName, at, "padding after the payload is not zero");
    }

    /// <summary>The index's offset, after checking that encoding rebuilds it byte for byte: version 1, critical, 88-byte entries.</summary>
    private static long CheckIndexFraming(ImageReader reader)
    {
        Span<byte> footerBytes = stackalloc byte[FooterLayout.Length];
        long footerOffset = reader.Length - FooterLayout.Length;
        reader.File.Read(footerOffset, footerBytes, "footer");
        Footer footer = Footer.Parse(footerBytes, footerOffset, reader.HeaderLength, reader.PagesPerChunk);
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
        reader.File.Read(footer.IndexOffset, frame, "INDEX");
        SectionHeader index = SectionHeader.Parse(frame, footer.IndexOffset, "INDEX");
        if (index.Flags != SectionFlags.Critical)
            FormatThrow.Invalid("INDEX", footer.IndexOffset, $"INDEX flags 0x{(ushort)index.Flags:x} are not the writer's (critical); the JSON document cannot carry them");
        if (index.PayloadLength != IndexLayout.EntriesOffset + (long)reader.Index.Count * IndexLayout.EntrySize)
            FormatThrow.Invalid("INDEX", footer.IndexOffset, $"index entries are not {IndexLayout.EntrySize} bytes; the JSON document cannot carry the longer ones");
        return footer.IndexOffset;
    }
}
