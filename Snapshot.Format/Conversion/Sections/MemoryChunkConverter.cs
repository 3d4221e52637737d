using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Snapshot.Format.Codecs;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// MEMCHUNK: the chunk's identity, its present pages by page number within the area (<c>"pages": { "64": "base64…" }</c>)
/// and how they were stored (<c>"stored": { "codec", "contentHash", "bytes" }</c>).
/// </summary>
/// <remarks>
/// One converter per MEMCHUNK version: version 2 (format 1.3) has the same members, its page hashes and content hash
/// (the hash of the page hashes) are derived from the pages. Encode reuses the stored bytes when the pages still hash to <c>stored.contentHash</c> (after checking that the
/// bytes decode to exactly those pages), so an unedited chunk is reproduced byte for byte whatever libzstd is
/// installed. Edited pages (or a document without stored bytes) are compressed as the writer does: zstd at the
/// encoder's level, stored raw when that is not smaller.
/// </remarks>
internal sealed class MemoryChunkConverter : SectionConverter
{
    private const string Section = "MEMCHUNK";

    private readonly ushort _version;

    public MemoryChunkConverter(ushort version) => _version = version;

    public override SectionType Type => SectionType.MemoryChunk;

    public override ushort Version => _version;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "areaId", "chunkIndex", "pages", "stored"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        ChunkHeader header = ChunkHeader.Parse(payload, payload.Length, payloadOffset, context.PageSize, context.PagesPerChunk, _version);
        MemoryChunk chunk = ChunkDecoder.Decode(header, payload, payloadOffset, context.PagesPerChunk, verifyContentHash: true);
        JsonIntegers.Write(json, "taskId", chunk.TaskId);
        json.WriteNumber("areaId", chunk.AreaId);
        json.WriteNumber("chunkIndex", chunk.ChunkIndex);
        json.WriteStartObject("pages");
        foreach (PageData page in chunk.Pages())
            json.WriteBase64String(page.PageIndex.ToString(CultureInfo.InvariantCulture), page.Bytes.Span);
        json.WriteEndObject();
        json.WriteStartObject("stored");
        json.WriteString("codec", JsonNames.Of(JsonNames.Codecs, header.Codec));
        json.WriteString("contentHash", header.ContentHash.ToString());
        if (context.KeepStoredBytes)
            json.WriteBase64String("bytes", payload.Slice(header.StoredOffset, header.StoredLength));
        json.WriteEndObject();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        ulong taskId = section.Property("taskId").Unsigned();
        uint areaId = section.Property("areaId").U32();
        uint chunkIndex = section.Property("chunkIndex").U32();
        (ulong bitmap, byte[] data) = ReadPages(section.Property("pages"), chunkIndex, context);
        byte[] pageHashes = new byte[ChunkLayout.PageHashesLength(_version, data.Length / (int)context.PageSize)];
        Hash256 hash = _version == ChunkLayout.Version1 ? Hash256.Compute(data) : PageHashTree.Compute(data, (int)context.PageSize, pageHashes);

        if (section.Optional("stored") is { } stored && ReuseStored(stored, data, hash) is { } reused)
            return Payload(new ChunkHeader(taskId, areaId, chunkIndex, bitmap, reused.Codec, data.Length, reused.Bytes.Length, hash, _version), pageHashes, reused.Bytes);

        using var compressor = new ZstdCompressor(context.CompressionLevel);
        byte[] compressed = new byte[ZstdCompressor.CompressBound(data.Length)];
        int length = compressor.Compress(data, compressed);
        return length < data.Length
            ? Payload(new ChunkHeader(taskId, areaId, chunkIndex, bitmap, ChunkCodec.Zstd, data.Length, length, hash, _version), pageHashes, compressed.AsSpan(0, length))
            : Payload(new ChunkHeader(taskId, areaId, chunkIndex, bitmap, ChunkCodec.Raw, data.Length, data.Length, hash, _version), pageHashes, data);
    }

    public override IndexEntry Identify(IndexEntry framed, ReadOnlySpan<byte> payload) => framed with
    {
        TaskId = BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkLayout.TaskIdOffset..]),
        AreaId = BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.AreaIdOffset..]),
        ChunkIndex = BinaryPrimitives.ReadUInt32LittleEndian(payload[ChunkLayout.ChunkIndexOffset..]),
        PresentBitmap = BinaryPrimitives.ReadUInt64LittleEndian(payload[ChunkLayout.PresentBitmapOffset..]),
        ContentHash = Hash256.Read(payload[ChunkLayout.ContentHashOffset..]),
    };

    private static (ulong Bitmap, byte[] Data) ReadPages(JsonCursor pages, uint chunkIndex, ConversionContext context)
    {
        int perChunk = context.PagesPerChunk;
        int pageSize = (int)context.PageSize;
        ulong first = (ulong)chunkIndex * (ulong)perChunk;
        var present = new SortedDictionary<int, byte[]>();
        foreach ((string name, JsonCursor value) in pages.Members(perChunk))
        {
            if (!IsPageNumber(name, out ulong page) || page < first || page - first >= (ulong)perChunk)
                value.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' is not a page of chunk {chunkIndex}: with {perChunk} pages per chunk its pages are {first}..{first + (ulong)perChunk - 1}"));
            int slot = (int)(page - first);
            byte[] bytes = value.Base64(pageSize);
            if (bytes.Length != pageSize)
                value.Fail($"a page is {pageSize} bytes, this one is {bytes.Length}");
            if (!present.TryAdd(slot, bytes))
                value.Fail($"page {page} is given twice");
        }
        if (present.Count == 0)
            pages.Fail("a chunk holds at least one page (leave out the whole section to make its pages absent)");

        ulong bitmap = 0;
        byte[] data = new byte[present.Count * pageSize];
        int offset = 0;
        foreach ((int slot, byte[] bytes) in present)
        {
            bitmap |= 1UL << slot;
            bytes.CopyTo(data, offset);
            offset += pageSize;
        }
        return (bitmap, data);
    }

    /// <summary>The stored bytes when they still describe <paramref name="data"/> (its hash is the recorded one), else null.</summary>
    private static (ChunkCodec Codec, byte[] Bytes)? ReuseStored(JsonCursor stored, byte[] data, Hash256 hash)
    {
        stored.AllowOnly("codec", "contentHash", "bytes");
        ChunkCodec codec = stored.Property("codec").Choice(JsonNames.Codecs);
        Hash256 recorded = stored.Property("contentHash").Hash();
        if (recorded != hash || stored.Optional("bytes") is not { } field)
            return null;
        byte[] bytes = field.Base64(data.Length + FormatLimits.ChunkStoredSlack);
        if (codec == ChunkCodec.Raw)
        {
            if (!bytes.AsSpan().SequenceEqual(data))
                field.Fail("raw stored bytes differ from the pages (edit the pages, not the stored bytes; or remove 'bytes' to recompress)");
            return (codec, bytes);
        }
        byte[] decoded = new byte[data.Length];
        try
        {
            ZstdDecompressor.Decompress(bytes, decoded, Section, 0);
        }
        catch (SnapshotFormatException ex)
        {
            field.Fail($"the stored zstd frame does not decode to the pages: {ex.Reason}");
        }
        if (!decoded.AsSpan().SequenceEqual(data))
            field.Fail("the stored zstd frame decodes to other bytes than the pages (remove 'bytes' to recompress)");
        return (codec, bytes);
    }

    private static byte[] Payload(ChunkHeader header, ReadOnlySpan<byte> pageHashes, ReadOnlySpan<byte> stored)
    {
        byte[] payload = new byte[header.PayloadLength];
        header.WriteTo(payload);
        pageHashes.CopyTo(payload.AsSpan(ChunkLayout.PageHashesOffset));
        stored.CopyTo(payload.AsSpan(header.StoredOffset));
        return payload;
    }

    // Decimal digits without a sign or leading zeros, so that each page has one spelling.
    private static bool IsPageNumber(string name, out ulong page)
    {
        page = 0;
        return name.Length > 0 && (name.Length == 1 || name[0] != '0') && name.All(char.IsAsciiDigit)
            && ulong.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out page);
    }
}
