namespace Snapshot.Format;

/// <summary>
/// The state a cooperative service exported for one connection from a task of the set (CHKPNT_INIT), which
/// restore imports into the cloned connection (RSTR_INIT). Entries are in key order.
/// </summary>
public sealed record ConnectionRecord(ulong ServiceId, ulong ClientTaskId, ulong PhoneId, uint StateVersion,
                                      IReadOnlyList<ConnectionEntry> State);
