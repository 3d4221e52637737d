namespace Snapshot.Format;

/// <summary>
/// The IPC state of one task (TASK_IPC section, format 1.2): the counters every id comes from and the phone
/// table in id order (hung-up phones included: ids are never reused, so the sequence may have holes).
/// </summary>
public sealed record TaskIpcRecord(ulong TaskId, ulong NextPhoneId, ulong NextCallId, ulong NextReceiverCallId,
                                   IReadOnlyList<PhoneRecord> Phones);
