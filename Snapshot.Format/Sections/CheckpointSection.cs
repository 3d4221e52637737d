using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>CHECKPOINT payload: u32 count, u64 task ids, u8 killed-after, 3 reserved bytes.</summary>
internal static class CheckpointSection
{
    public static void Write(PayloadWriter writer, CheckpointRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.TaskIds.Count > FormatLimits.MaxTasks)
            throw new ArgumentException($"a checkpoint holds at most {FormatLimits.MaxTasks} tasks", nameof(record));
        writer.U32((uint)record.TaskIds.Count);
        foreach (ulong id in record.TaskIds)
            writer.U64(id);
        writer.U8(record.KilledAfter ? (byte)1 : (byte)0);
        writer.Zeros(3);
    }

    public static CheckpointRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, "CHECKPOINT", offset);
        int count = reader.Count(FormatLimits.MaxTasks, sizeof(ulong), "task");
        var ids = new ulong[count];
        for (int i = 0; i < count; i++)
            ids[i] = reader.U64();
        long killedAt = reader.Offset;
        byte killed = reader.U8();
        if (killed > 1)
            FormatThrow.Invalid(reader.Section, killedAt, $"killed-after is {killed}, not 0 or 1");
        reader.Reserved(3);
        reader.End();
        return new CheckpointRecord(ids, killed == 1);
    }
}
