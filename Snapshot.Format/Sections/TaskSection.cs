using Snapshot.Format.Binary;

namespace Snapshot.Format.Sections;

/// <summary>TASK payload: u64 task id, name, program name, program hash, u32-prefixed kernel task blob.</summary>
internal static class TaskSection
{
    public static void Write(PayloadWriter writer, TaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(task);
        writer.U64(task.TaskId);
        writer.String(task.Name, "task name");
        writer.String(task.ProgramName, "program name");
        writer.Hash(task.ProgramHash);
        writer.Blob(task.KernelTask.Span, "kernel task blob");
    }

    public static TaskRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, "TASK", offset);
        ulong id = reader.U64();
        string name = reader.String("task name");
        string program = reader.String("program name");
        Hash256 hash = reader.Hash();
        byte[] blob = reader.Blob("kernel task blob");
        reader.End();
        return new TaskRecord(id, name, program, hash, blob);
    }
}
