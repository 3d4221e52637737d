using System.Text.Json;

namespace Snapshot.Format.Conversion;

/// <summary>A peer of an IPC phone or a share: <c>{ "kind": "task"|"service"|"outside", "id": 2 }</c>.</summary>
internal static class PeerJson
{
    public static void Write(Utf8JsonWriter json, string property, PeerRef peer)
    {
        json.WriteStartObject(property);
        json.WriteString("kind", JsonNames.Of(JsonNames.PeerKinds, peer.Kind));
        JsonIntegers.Write(json, "id", peer.Id);
        json.WriteEndObject();
    }

    public static PeerRef Read(JsonCursor value)
    {
        value.AllowOnly("kind", "id");
        return new PeerRef(value.Property("kind").Choice(JsonNames.PeerKinds), value.Property("id").Unsigned());
    }
}
