namespace Snapshot.Format;

/// <summary>
/// A phone an outside task held into the set: restore hands it to a dummy task and hangs it up, so the member
/// it calls sees the client go away (IPC_M_PHONE_HUNGUP with this phone id) instead of a connection that never ends.
/// </summary>
public sealed record OutsidePhoneRecord(ulong TaskId, ulong PhoneId, PeerRef Callee);
