using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// COOPERATION (format 1.2): the checkpoint's policies, the cooperative services, each connection's exported state
/// (<c>"state": [{ "key", "value" }]</c>, in stored order) the outside tasks and their phones into members.
/// </summary>
internal sealed class CooperationConverter : SectionConverter
{
    public override SectionType Type => SectionType.Cooperation;

    public override IReadOnlyList<string> Fields { get; } =
        ["errorPolicy", "killPolicy", "timeoutTicks", "services", "connections", "outsideTaskIds", "outsidePhones"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        CooperationRecord record = CooperationSection.Read(payload, payloadOffset);
        json.WriteString("errorPolicy", JsonNames.Of(JsonNames.ErrorPolicies, record.ErrorPolicy));
        json.WriteString("killPolicy", JsonNames.Of(JsonNames.KillPolicies, record.Kill));
        JsonIntegers.Write(json, "timeoutTicks", record.TimeoutTicks);
        json.WriteStartArray("services");
        foreach (ServiceMember service in record.Services)
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "serviceId", service.ServiceId);
            json.WriteString("name", service.Name);
            json.WriteBoolean("cooperated", service.Cooperated);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("connections");
        foreach (ConnectionRecord connection in record.Connections)
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "serviceId", connection.ServiceId);
            JsonIntegers.Write(json, "clientTaskId", connection.ClientTaskId);
            JsonIntegers.Write(json, "phoneId", connection.PhoneId);
            json.WriteNumber("stateVersion", connection.StateVersion);
            json.WriteStartArray("state");
            foreach (ConnectionEntry entry in connection.State)
            {
                json.WriteStartObject();
                json.WriteString("key", entry.Key);
                json.WriteString("value", entry.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("outsideTaskIds");
        foreach (ulong id in record.OutsideTaskIds)
            JsonIntegers.WriteValue(json, id);
        json.WriteEndArray();
        json.WriteStartArray("outsidePhones");
        foreach (OutsidePhoneRecord phone in record.OutsidePhones)
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "taskId", phone.TaskId);
            JsonIntegers.Write(json, "phoneId", phone.PhoneId);
            PeerJson.Write(json, "callee", phone.Callee);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var services = new List<ServiceMember>();
        foreach (JsonCursor item in section.Property("services").Items(FormatLimits.MaxServices))
        {
            item.AllowOnly("serviceId", "name", "cooperated");
            services.Add(new ServiceMember(item.Property("serviceId").Unsigned(), item.Property("name").FormatString(),
                item.Property("cooperated").Boolean()));
        }
        var connections = new List<ConnectionRecord>();
        foreach (JsonCursor item in section.Property("connections").Items(FormatLimits.MaxConnections))
        {
            item.AllowOnly("serviceId", "clientTaskId", "phoneId", "stateVersion", "state");
            var state = new List<ConnectionEntry>();
            foreach (JsonCursor entry in item.Property("state").Items(FormatLimits.MaxConnectionEntries))
            {
                entry.AllowOnly("key", "value");
                state.Add(new ConnectionEntry(entry.Property("key").FormatString(), entry.Property("value").FormatString()));
            }
            connections.Add(new ConnectionRecord(item.Property("serviceId").Unsigned(), item.Property("clientTaskId").Unsigned(),
                item.Property("phoneId").Unsigned(), item.Property("stateVersion").U32(), state));
        }
        ulong[] outside = [.. section.Property("outsideTaskIds").Items(FormatLimits.MaxOutsideTasks).Select(item => item.Unsigned())];
        var phones = new List<OutsidePhoneRecord>();
        foreach (JsonCursor item in section.Property("outsidePhones").Items(FormatLimits.MaxOutsidePhones))
        {
            item.AllowOnly("taskId", "phoneId", "callee");
            phones.Add(new OutsidePhoneRecord(item.Property("taskId").Unsigned(), item.Property("phoneId").Unsigned(),
                PeerJson.Read(item.Property("callee"))));
        }
        var record = new CooperationRecord(section.Property("errorPolicy").Choice(JsonNames.ErrorPolicies),
            section.Property("killPolicy").Choice(JsonNames.KillPolicies), section.Property("timeoutTicks").Unsigned(),
            services, connections, outside)
        { OutsidePhones = phones };
        var writer = new PayloadWriter();
        CooperationSection.Write(writer, record);
        return writer.WrittenSpan.ToArray();
    }
}
