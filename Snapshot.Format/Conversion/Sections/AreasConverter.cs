using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>AREAS: <c>"taskId"</c> and <c>"areas": [{ "id", "base", "size", "access", "kind", "backing", "name" }]</c>.</summary>
internal sealed class AreasConverter : PerTaskConverter
{
    public override SectionType Type => SectionType.Areas;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "areas"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        (ulong taskId, IReadOnlyList<AreaRecord> areas) = AreasSection.Read(payload, payloadOffset);
        JsonIntegers.Write(json, "taskId", taskId);
        json.WriteStartArray("areas");
        foreach (AreaRecord area in areas)
        {
            json.WriteStartObject();
            json.WriteNumber("id", area.AreaId);
            JsonIntegers.Write(json, "base", area.Base);
            JsonIntegers.Write(json, "size", area.Size);
            json.WriteStartArray("access");
            foreach ((string name, AreaFlags flag) in JsonNames.AreaAccess)
            {
                if ((area.Flags & flag) != 0)
                    json.WriteStringValue(name);
            }
            json.WriteEndArray();
            json.WriteString("kind", JsonNames.Of(JsonNames.AreaKinds, area.Kind));
            json.WriteString("backing", JsonNames.Of(JsonNames.AreaBackings, area.Backing));
            json.WriteString("name", area.Name);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        ulong taskId = section.Property("taskId").Unsigned();
        var areas = new List<AreaRecord>();
        foreach (JsonCursor item in section.Property("areas").Items(FormatLimits.MaxAreasPerTask))
        {
            item.AllowOnly("id", "base", "size", "access", "kind", "backing", "name");
            AreaFlags access = AreaFlags.None;
            foreach (JsonCursor flag in item.Property("access").Items(JsonNames.AreaAccess.Length))
                access |= flag.Choice(JsonNames.AreaAccess);
            areas.Add(new AreaRecord(
                item.Property("id").U32(), item.Property("base").Unsigned(), item.Property("size").Unsigned(), access,
                item.Property("kind").Choice(JsonNames.AreaKinds), item.Property("backing").Choice(JsonNames.AreaBackings),
                item.Property("name").FormatString()));
        }
        var writer = new PayloadWriter();
        AreasSection.Write(writer, taskId, areas);
        return writer.WrittenSpan.ToArray();
    }
}
