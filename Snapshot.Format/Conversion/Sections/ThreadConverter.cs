using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>THREAD: ids, the kernel thread struct and the kernel stack frame by field (<see cref="KernelStructJson"/>).</summary>
internal sealed class ThreadConverter : PerTaskConverter
{
    public override SectionType Type => SectionType.Thread;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "threadId", "kernelThread", "kernelStack"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        ThreadRecord thread = ThreadSection.Read(payload, payloadOffset);
        JsonIntegers.Write(json, "taskId", thread.TaskId);
        json.WriteNumber("threadId", thread.ThreadId);
        KernelStructJson.Write(json, "kernelThread", thread.KernelThread.Span, context.Profile?.Thread, context.Profile);
        KernelStructJson.Write(json, "kernelStack", thread.KernelStack.Span, context.Profile?.KernelStack, context.Profile);
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var thread = new ThreadRecord(
            section.Property("taskId").Unsigned(),
            section.Property("threadId").U32(),
            KernelStructJson.Read(section.Property("kernelThread"), context.Profile?.Thread, context.Profile),
            KernelStructJson.Read(section.Property("kernelStack"), context.Profile?.KernelStack, context.Profile));
        var writer = new PayloadWriter();
        ThreadSection.Write(writer, thread);
        return writer.WrittenSpan.ToArray();
    }
}
