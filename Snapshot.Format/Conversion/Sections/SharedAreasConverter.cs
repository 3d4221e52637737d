using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// SHARED_AREAS (format 1.2): <c>"shares": [{ "shareId", "size", "access", "serviceId", "contentInImage",
/// "participants": [{ "peer", "areaId", "base" }] }]</c>.
/// </summary>
internal sealed class SharedAreasConverter : SectionConverter
{
    public override SectionType Type => SectionType.SharedAreas;

    public override IReadOnlyList<string> Fields { get; } = ["shares"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        json.WriteStartArray("shares");
        foreach (SharedAreaRecord share in SharedAreasSection.Read(payload, payloadOffset))
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "shareId", share.ShareId);
            JsonIntegers.Write(json, "size", share.Size);
            json.WriteStartArray("access");
            foreach ((string name, AreaFlags flag) in JsonNames.AreaAccess)
            {
                if ((share.Flags & flag) != 0)
                    json.WriteStringValue(name);
            }
            json.WriteEndArray();
            JsonIntegers.Write(json, "serviceId", share.ServiceId);
            json.WriteBoolean("contentInImage", share.ContentInImage);
            json.WriteStartArray("participants");
            foreach (ShareParticipant participant in share.Participants)
            {
                json.WriteStartObject();
                PeerJson.Write(json, "peer", participant.Peer);
                json.WriteNumber("areaId", participant.AreaId);
                JsonIntegers.Write(json, "base", participant.Base);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var shares = new List<SharedAreaRecord>();
        foreach (JsonCursor item in section.Property("shares").Items(FormatLimits.MaxShares))
        {
            item.AllowOnly("shareId", "size", "access", "serviceId", "contentInImage", "participants");
            AreaFlags access = AreaFlags.None;
            foreach (JsonCursor flag in item.Property("access").Items(JsonNames.AreaAccess.Length))
                access |= flag.Choice(JsonNames.AreaAccess);
            var participants = new List<ShareParticipant>();
            foreach (JsonCursor participant in item.Property("participants").Items(FormatLimits.MaxShareParticipants))
            {
                participant.AllowOnly("peer", "areaId", "base");
                participants.Add(new ShareParticipant(PeerJson.Read(participant.Property("peer")), participant.Property("areaId").U32(),
                    participant.Property("base").Unsigned()));
            }
            shares.Add(new SharedAreaRecord(item.Property("shareId").Unsigned(), item.Property("size").Unsigned(), access,
                item.Property("serviceId").Unsigned(), item.Property("contentInImage").Boolean(), participants));
        }
        var writer = new PayloadWriter();
        SharedAreasSection.Write(writer, shares);
        return writer.WrittenSpan.ToArray();
    }
}
