using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// PARENTS (format 1.3): the ancestors of an incremental image, nearest first,
/// <c>"ancestors": [ { "imageId": "…", "fileName": "base.snap" } ]</c>. Entry k is the image a CHUNKREF with
/// <c>"target": { "image": k }</c> points into.
/// </summary>
internal sealed class ParentsConverter : SectionConverter
{
    public override SectionType Type => SectionType.Parents;

    public override IReadOnlyList<string> Fields { get; } = ["ancestors"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        IReadOnlyList<ParentImage> parents = ParentsSection.Read(payload, payloadOffset);
        json.WriteStartArray("ancestors");
        foreach (ParentImage parent in parents)
        {
            json.WriteStartObject();
            json.WriteString("imageId", parent.Id.ToString());
            json.WriteString("fileName", parent.FileName);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        JsonCursor list = section.Property("ancestors");
        IReadOnlyList<JsonCursor> items = list.Items(ParentsSection.MaxParents);
        if (items.Count == 0)
            list.Fail($"an incremental image names 1..{ParentsSection.MaxParents} ancestors, nearest first");
        var parents = new ParentImage[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            JsonCursor item = items[i];
            item.AllowOnly("imageId", "fileName");
            JsonCursor idField = item.Property("imageId");
            Hash256 id = idField.Hash();
            if (id.IsZero)
                idField.Fail("an ancestor's image id is never zero: it is the SHA-256 of the ancestor's header and index");
            JsonCursor nameField = item.Property("fileName");
            string name = nameField.FormatString();
            if (name.Length == 0)
                nameField.Fail("an ancestor needs a file name to be found by");
            parents[i] = new ParentImage(id, name);
        }
        var writer = new PayloadWriter();
        ParentsSection.Write(writer, parents);
        return writer.WrittenSpan.ToArray();
    }
}
