using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>TASK: ids, names, program hash, and the kernel task struct by field (<see cref="KernelStructJson"/>).</summary>
internal sealed class TaskConverter : PerTaskConverter
{
    public override SectionType Type => SectionType.Task;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "name", "program", "programHash", "kernelTask"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        TaskRecord task = TaskSection.Read(payload, payloadOffset);
        JsonIntegers.Write(json, "taskId", task.TaskId);
        json.WriteString("name", task.Name);
        json.WriteString("program", task.ProgramName);
        json.WriteString("programHash", task.ProgramHash.ToString());
        KernelStructJson.Write(json, "kernelTask", task.KernelTask.Span, context.Profile?.Task, context.Profile);
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var task = new TaskRecord(
            section.Property("taskId").Unsigned(),
            section.Property("name").FormatString(),
            section.Property("program").FormatString(),
            section.Property("programHash").Hash(),
            KernelStructJson.Read(section.Property("kernelTask"), context.Profile?.Task, context.Profile));
        var writer = new PayloadWriter();
        TaskSection.Write(writer, task);
        return writer.WrittenSpan.ToArray();
    }
}
