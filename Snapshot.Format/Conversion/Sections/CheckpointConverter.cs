using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>CHECKPOINT: <c>"taskIds": [1, 2], "killedAfter": false</c>.</summary>
internal sealed class CheckpointConverter : SectionConverter
{
    public override SectionType Type => SectionType.Checkpoint;

    public override IReadOnlyList<string> Fields { get; } = ["taskIds", "killedAfter"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        CheckpointRecord record = CheckpointSection.Read(payload, payloadOffset);
        json.WriteStartArray("taskIds");
        foreach (ulong id in record.TaskIds)
            JsonIntegers.WriteValue(json, id);
        json.WriteEndArray();
        json.WriteBoolean("killedAfter", record.KilledAfter);
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        ulong[] ids = [.. section.Property("taskIds").Items(FormatLimits.MaxTasks).Select(item => item.Unsigned())];
        var writer = new PayloadWriter();
        CheckpointSection.Write(writer, new CheckpointRecord(ids, section.Property("killedAfter").Boolean()));
        return writer.WrittenSpan.ToArray();
    }
}
