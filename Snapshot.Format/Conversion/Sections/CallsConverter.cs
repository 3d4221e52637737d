using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// CALLS (format 1.2): <c>"calls": [ … ]</c>, each call record by field through the build's "call" struct
/// (<see cref="KernelStructJson"/>), or as hex on a build without one.
/// </summary>
internal sealed class CallsConverter : SectionConverter
{
    public override SectionType Type => SectionType.Calls;

    public override IReadOnlyList<string> Fields { get; } = ["calls"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        IReadOnlyList<CallRecord> calls = CallsSection.Read(payload, payloadOffset);
        json.WriteStartArray("calls");
        foreach (CallRecord call in calls)
            KernelStructJson.WriteValue(json, call.KernelCall.Span, context.Profile?.Call, context.Profile);
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var calls = new List<CallRecord>();
        foreach (JsonCursor item in section.Property("calls").Items(FormatLimits.MaxCalls))
            calls.Add(new CallRecord(KernelStructJson.Read(item, context.Profile?.Call, context.Profile, FormatLimits.MaxCallBlob)));
        var writer = new PayloadWriter();
        CallsSection.Write(writer, calls);
        return writer.WrittenSpan.ToArray();
    }
}
