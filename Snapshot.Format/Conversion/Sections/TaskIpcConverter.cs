using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>TASK_IPC (format 1.2): a task's id counters and its phones, <c>{ "id", "hungUp", "callee": { "kind", "id" } }</c>.</summary>
internal sealed class TaskIpcConverter : PerTaskConverter
{
    public override SectionType Type => SectionType.TaskIpc;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "nextPhoneId", "nextCallId", "nextReceiverCallId", "phones"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        TaskIpcRecord record = TaskIpcSection.Read(payload, payloadOffset);
        JsonIntegers.Write(json, "taskId", record.TaskId);
        JsonIntegers.Write(json, "nextPhoneId", record.NextPhoneId);
        JsonIntegers.Write(json, "nextCallId", record.NextCallId);
        JsonIntegers.Write(json, "nextReceiverCallId", record.NextReceiverCallId);
        json.WriteStartArray("phones");
        foreach (PhoneRecord phone in record.Phones)
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "id", phone.PhoneId);
            json.WriteBoolean("hungUp", phone.HungUp);
            PeerJson.Write(json, "callee", phone.Callee);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var phones = new List<PhoneRecord>();
        foreach (JsonCursor item in section.Property("phones").Items(FormatLimits.MaxPhonesPerTask))
        {
            item.AllowOnly("id", "hungUp", "callee");
            phones.Add(new PhoneRecord(item.Property("id").Unsigned(), item.Property("hungUp").Boolean(), PeerJson.Read(item.Property("callee"))));
        }
        var record = new TaskIpcRecord(section.Property("taskId").Unsigned(), section.Property("nextPhoneId").Unsigned(),
            section.Property("nextCallId").Unsigned(), section.Property("nextReceiverCallId").Unsigned(), phones);
        var writer = new PayloadWriter();
        TaskIpcSection.Write(writer, record);
        return writer.WrittenSpan.ToArray();
    }
}
