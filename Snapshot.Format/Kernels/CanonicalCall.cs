namespace Snapshot.Format.Kernels;

/// <summary>
/// A pending call in build-independent form. Ids are the kernel's counters, never addresses: the sender's task
/// id, sender-side call id and phone id; the receiver's receiver-side id once dispatched.
/// </summary>
/// <param name="SenderTaskId">The task that sent the call (its answer goes back there, even after forwards).</param>
/// <param name="SenderCallId">The sender's id for the call (0 for a notification).</param>
/// <param name="PhoneId">The sender's phone the call was first sent over.</param>
/// <param name="State">Where the call is.</param>
/// <param name="ReceiverCallId">The receiver's id once dispatched, else 0.</param>
/// <param name="ForwardCount">How many times the call was forwarded.</param>
/// <param name="Transfer">The data transfer or share the call carries, or null.</param>
/// <param name="Flags">Names from the build's "call_flags": "sync" (a thread waits in ipc_call_sync), "notification"
/// (a kernel message nobody waits an answer for), "forwarded" (passed on at least once).</param>
/// <param name="Receiver">The answerbox the call is queued or dispatched in; for an answered call, the sender.</param>
/// <param name="QueuePosition">Order within the receiver's queue (queued) or the sender's answer queue (answered); 0 when dispatched.</param>
/// <param name="SyncThreadId">The thread waiting in ipc_call_sync, or 0.</param>
/// <param name="Request">Six words: method, then arguments 1..5, as the current receiver sees them.</param>
/// <param name="Answer">Six words: return value, then arguments 1..5; null until answered.</param>
public sealed record CanonicalCall(ulong SenderTaskId, ulong SenderCallId, ulong PhoneId, CallQueueState State,
    IReadOnlySet<string> Flags, PeerRef Receiver, ulong ReceiverCallId, ulong QueuePosition, uint SyncThreadId,
    uint ForwardCount, IReadOnlyList<ulong> Request, IReadOnlyList<ulong>? Answer, CallTransfer? Transfer)
{
    /// <summary>Words in a request or an answer.</summary>
    public const int MessageWords = 6;

    /// <summary>Value equality, including flags and messages.</summary>
    public bool Equals(CanonicalCall? other) =>
        other is not null && SenderTaskId == other.SenderTaskId && SenderCallId == other.SenderCallId
        && PhoneId == other.PhoneId && State == other.State && Flags.SetEquals(other.Flags) && Receiver == other.Receiver
        && ReceiverCallId == other.ReceiverCallId && QueuePosition == other.QueuePosition
        && SyncThreadId == other.SyncThreadId && ForwardCount == other.ForwardCount
        && Request.SequenceEqual(other.Request)
        && (Answer is null ? other.Answer is null : other.Answer is not null && Answer.SequenceEqual(other.Answer))
        && Equals(Transfer, other.Transfer);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SenderTaskId, SenderCallId, PhoneId, State, Receiver, ReceiverCallId);
}
