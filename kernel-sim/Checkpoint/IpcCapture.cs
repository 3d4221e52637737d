using KernelSim.Ipc;
using KernelSim.Kernel;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Checkpoint;

/// <summary>
/// The IPC state of a checkpoint set in image form: each member's phone table and id counters, and every
/// pending call a member sent (in whatever queue it is: queued, dispatched, answered and not fetched, waited
/// for by a synchronous caller, forwarded) or holds from another member. Calls from tasks outside the set are
/// not carried: restore cannot give them a sender. Reads kernel state only.
/// </summary>
internal static class IpcCapture
{
    public const string SyncFlag = "sync";
    public const string NotificationFlag = "notification";
    public const string ForwardedFlag = "forwarded";

    public static TaskIpcRecord TaskIpc(CheckpointSet set, KernelTask task) =>
        new(task.Id, task.Ipc.NextPhoneId, task.Ipc.NextCallId, task.Ipc.Answerbox.NextReceiverCallId,
            task.Ipc.Phones.Select(phone => new PhoneRecord(phone.Id, phone.State == PhoneState.HungUp, PeerOf(set, phone.Callee.Owner))).ToArray());

    /// <summary>The set's pending calls in sender task, then sender call id order (notifications, id 0, in arrival order).</summary>
    public static IReadOnlyList<CanonicalCall> Calls(CheckpointSet set)
    {
        var seen = new HashSet<IpcCall>(ReferenceEqualityComparer.Instance);
        var calls = new List<IpcCall>();
        foreach (var task in set.Members)
        {
            foreach (var call in task.Ipc.Outgoing.Concat(task.Ipc.Answerbox.Queued).Concat(task.Ipc.Answerbox.Dispatched))
            {
                if (set.IsMember(call.Sender) && seen.Add(call))
                {
                    calls.Add(call);
                }
            }
        }

        // Stable: notifications (sender call id 0) of one sender keep their gathering order, which is queue order.
        return calls.OrderBy(call => call.Sender.Id).ThenBy(call => call.SenderCallId)
            .Select(call => Canonical(set, call)).ToArray();
    }

    private static CanonicalCall Canonical(CheckpointSet set, IpcCall call)
    {
        var flags = new SortedSet<string>(StringComparer.Ordinal);
        if (call.SyncThread is not null)
        {
            flags.Add(SyncFlag);
        }

        if (call.IsNotification)
        {
            flags.Add(NotificationFlag);
        }

        if (call.ForwardCount > 0)
        {
            flags.Add(ForwardedFlag);
        }

        var (state, receiver, position) = call.State switch
        {
            CallState.Queued => (CallQueueState.Queued, PeerOf(set, call.Receiver!.Owner), Position(call.Receiver.Queued, call)),
            CallState.Dispatched => (CallQueueState.Dispatched, PeerOf(set, call.Receiver!.Owner), 0UL),
            _ => (CallQueueState.Answered, new PeerRef(PeerKind.Task, call.Sender.Id), Position(AnswerQueue(call), call)),
        };
        var answer = call.State == CallState.Answered ? Words(call.Answer!.Value) : null;
        var transfer = call.Transfer is { } t ? new CallTransfer(t.KindName, t.ClientAddress, t.ServerAddress, t.Size, t.Done) : null;
        return new CanonicalCall(call.Sender.Id, call.SenderCallId, call.Phone.Id, state, flags, receiver,
            call.State == CallState.Dispatched ? call.ReceiverCallId : 0, position, call.SyncThread?.Id ?? 0,
            (uint)call.ForwardCount, Words(call.Request), answer, transfer);
    }

    /// <summary>What stands behind an answerbox: a member, a service by persistent id, or a task outside the set.</summary>
    public static PeerRef PeerOf(CheckpointSet set, KernelTask owner) =>
        owner.IsNative ? new PeerRef(PeerKind.Service, owner.Id - NativeTaskIds.Base)
        : set.IsMember(owner) ? new PeerRef(PeerKind.Task, owner.Id)
        : new PeerRef(PeerKind.Outside, owner.Id);

    private static IEnumerable<IpcCall> AnswerQueue(IpcCall call) =>
        call.SyncThread is { } thread ? thread.PrivateAnswerbox.Answers : call.Sender.Ipc.Answerbox.Answers;

    // 1-based, so that 0 can mean "not in a queue" (a dispatched call).
    private static ulong Position(IEnumerable<IpcCall> queue, IpcCall call)
    {
        ulong position = 1;
        foreach (var queued in queue)
        {
            if (ReferenceEquals(queued, call))
            {
                return position;
            }

            position++;
        }

        throw new InvalidOperationException($"{call} is not in the queue its state names");
    }

    private static ulong[] Words(IpcMessage message) => [message.Method, message.Arg1, message.Arg2, message.Arg3, message.Arg4, message.Arg5];
}
