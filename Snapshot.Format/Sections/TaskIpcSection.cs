using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>
/// TASK_IPC payload (format 1.2): u64 task id, u64 next phone id, u64 next call id, u64 next receiver call id,
/// u32 count, phones {u64 phone id, u8 hung up, u8 callee kind, u16 reserved, u32 reserved, u64 callee id}.
/// </summary>
internal static class TaskIpcSection
{
    private const string Section = "TASK_IPC";
    private const int PhoneLength = 8 + 1 + 1 + 2 + 4 + 8;

    public static void Write(PayloadWriter writer, TaskIpcRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Phones);
        if (record.Phones.Count > FormatLimits.MaxPhonesPerTask)
            throw new ArgumentException($"a task has at most {FormatLimits.MaxPhonesPerTask} phones", nameof(record));
        writer.U64(record.TaskId);
        writer.U64(record.NextPhoneId);
        writer.U64(record.NextCallId);
        writer.U64(record.NextReceiverCallId);
        writer.U32((uint)record.Phones.Count);
        foreach (PhoneRecord phone in record.Phones)
        {
            ExternalCodec.CheckPeer(phone.Callee, $"phone {phone.PhoneId} of task {record.TaskId}");
            writer.U64(phone.PhoneId);
            writer.U8(phone.HungUp ? (byte)1 : (byte)0);
            writer.U8((byte)phone.Callee.Kind);
            writer.Zeros(2 + 4);
            writer.U64(phone.Callee.Id);
        }
    }

    public static TaskIpcRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        ulong taskId = reader.U64();
        ulong nextPhone = reader.U64();
        ulong nextCall = reader.U64();
        ulong nextReceiverCall = reader.U64();
        int count = reader.Count(FormatLimits.MaxPhonesPerTask, PhoneLength, "phone");
        var phones = new PhoneRecord[count];
        for (int i = 0; i < count; i++)
        {
            ulong phoneId = reader.U64();
            bool hungUp = ExternalCodec.Bool(ref reader, $"phone {phoneId} hung-up flag");
            PeerKind kind = ExternalCodec.Kind(ref reader, $"phone {phoneId} callee");
            reader.Reserved(2 + 4);
            phones[i] = new PhoneRecord(phoneId, hungUp, new PeerRef(kind, reader.U64()));
        }
        reader.End();
        return new TaskIpcRecord(taskId, nextPhone, nextCall, nextReceiverCall, phones);
    }
}
