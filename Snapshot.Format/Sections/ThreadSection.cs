using Snapshot.Format.Binary;

namespace Snapshot.Format.Sections;

/// <summary>THREAD payload: u64 task id, u32 thread id, u32-prefixed thread blob, u32-prefixed kstack blob.</summary>
internal static class ThreadSection
{
    public static void Write(PayloadWriter writer, ThreadRecord thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        writer.U64(thread.TaskId);
        writer.U32(thread.ThreadId);
        writer.Blob(thread.KernelThread.Span, "kernel thread blob");
        writer.Blob(thread.KernelStack.Span, "kernel stack blob");
    }

    public static ThreadRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, "THREAD", offset);
        ulong taskId = reader.U64();
        uint threadId = reader.U32();
        byte[] thread = reader.Blob("kernel thread blob");
        byte[] stack = reader.Blob("kernel stack blob");
        reader.End();
        return new ThreadRecord(taskId, threadId, thread, stack);
    }
}
