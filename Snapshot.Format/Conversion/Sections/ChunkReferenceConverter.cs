using System.Text.Json;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// CHUNKREF (format 1.3): the chunk's identity, its present pages as page numbers within the area
/// (<c>"presentPages": [64, 65]</c>), and the target (<c>"target": { "image": 0, "offset": 4096, "contentHash": "…" }</c>).
/// The pages themselves are the target's; the reference stores none.
/// </summary>
internal sealed class ChunkReferenceConverter : SectionConverter
{
    public override SectionType Type => SectionType.ChunkReference;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "areaId", "chunkIndex", "presentPages", "target"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        ChunkReference reference = ChunkReferenceSection.Parse(payload, payloadOffset, context.PagesPerChunk);
        JsonIntegers.Write(json, "taskId", reference.TaskId);
        json.WriteNumber("areaId", reference.AreaId);
        json.WriteNumber("chunkIndex", reference.ChunkIndex);
        json.WriteStartArray("presentPages");
        ulong first = (ulong)reference.ChunkIndex * (ulong)context.PagesPerChunk;
        for (int bit = 0; bit < 64; bit++)
        {
            if ((reference.PresentBitmap & (1UL << bit)) != 0)
                JsonIntegers.WriteValue(json, first + (ulong)bit);
        }
        json.WriteEndArray();
        json.WriteStartObject("target");
        json.WriteNumber("image", reference.ImageOrdinal);
        JsonIntegers.Write(json, "offset", (ulong)reference.TargetOffset);
        json.WriteString("contentHash", reference.ContentHash.ToString());
        json.WriteEndObject();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        ulong taskId = section.Property("taskId").Unsigned();
        uint areaId = section.Property("areaId").U32();
        uint chunkIndex = section.Property("chunkIndex").U32();
        ulong first = (ulong)chunkIndex * (ulong)context.PagesPerChunk;
        ulong bitmap = 0;
        JsonCursor pages = section.Property("presentPages");
        ulong? previous = null;
        foreach (JsonCursor item in pages.Items(context.PagesPerChunk))
        {
            ulong page = item.Unsigned();
            if (page < first || page - first >= (ulong)context.PagesPerChunk)
                item.Fail($"page {page} is not a page of chunk {chunkIndex}: with {context.PagesPerChunk} pages per chunk its pages are {first}..{first + (ulong)context.PagesPerChunk - 1}");
            if (previous is { } p && page <= p)
                item.Fail($"page {page} follows page {p}: present pages ascend");
            previous = page;
            bitmap |= 1UL << (int)(page - first);
        }
        if (bitmap == 0)
            pages.Fail("a reference stands for at least one present page");

        JsonCursor target = section.Property("target");
        target.AllowOnly("image", "offset", "contentHash");
        uint ordinal = target.Property("image").U32();
        if (ordinal > ChunkReferenceSection.MaxImageOrdinal)
            target.Property("image").Fail($"image ordinal {ordinal} is beyond the {ChunkReferenceSection.MaxImageOrdinal} ancestors an image can have");
        JsonCursor offsetField = target.Property("offset");
        ulong offset = offsetField.Unsigned(long.MaxValue / 2);
        if (offset % SectionLayout.Alignment != 0)
            offsetField.Fail($"target offset {offset} is not 8-aligned: it is the offset of a section header");
        var reference = new ChunkReference(taskId, areaId, chunkIndex, bitmap, target.Property("contentHash").Hash(), ordinal, (long)offset);
        byte[] payload = new byte[ChunkReferenceLayout.Length];
        ChunkReferenceSection.Write(payload, reference);
        return payload;
    }

    public override IndexEntry Identify(IndexEntry framed, ReadOnlySpan<byte> payload) =>
        framed.With(ChunkReferenceSection.Parse(payload, framed.Offset, 64));
}
