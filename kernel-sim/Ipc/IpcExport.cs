using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Ipc;

/// <summary>
/// The IPC state of a set of tasks in exportable form (Fluke: the kernel objects pickle themselves; the
/// checkpointer only orchestrates). Phones name their callees as <see cref="PeerRef"/>s: a member task, a
/// service by persistent id, or a task outside the set. Calls are every pending call a member sent (queued,
/// dispatched, answered and not fetched, forwarded, synchronous, mid-transfer) and every kernel notice a member
/// sent to a member; calls of tasks outside the set are not carried (their tasks are listed as outside).
/// Shared stores are those some member maps; their pages are the caller's to write.
/// </summary>
public sealed class IpcExport
{
    private IpcExport(IReadOnlyList<TaskIpcRecord> tasks, IReadOnlyList<CanonicalCall> calls, IReadOnlyList<SharedAreaRecord> sharedAreas,
                      IReadOnlyList<ulong> outsideTaskIds)
    {
        Tasks = tasks;
        Calls = calls;
        SharedAreas = sharedAreas;
        OutsideTaskIds = outsideTaskIds;
    }

    /// <summary>Flag names of <see cref="CanonicalCall.Flags"/>.</summary>
    public const string SyncFlag = "sync";

    public const string NotificationFlag = "notification";

    public const string ForwardedFlag = "forwarded";

    /// <summary>One record per member, in task id order.</summary>
    public IReadOnlyList<TaskIpcRecord> Tasks { get; }

    /// <summary>Pending calls, by sender task then sender-side id (notices, id 0, by receiver and queue position).</summary>
    public IReadOnlyList<CanonicalCall> Calls { get; }

    /// <summary>Stores mapped by members, by share id; participants in task id order.</summary>
    public IReadOnlyList<SharedAreaRecord> SharedAreas { get; }

    /// <summary>User tasks outside the set that hold phones into a member, receive a member's call, or share memory with one; sorted.</summary>
    public IReadOnlyList<ulong> OutsideTaskIds { get; }

    /// <summary>Exports the IPC state of <paramref name="memberIds"/> (live user tasks of <paramref name="kernel"/>).</summary>
    /// <exception cref="ArgumentException">A member is not a live user task.</exception>
    public static IpcExport Of(Microkernel kernel, IEnumerable<ulong> memberIds)
    {
        var members = new SortedDictionary<ulong, KernelTask>();
        foreach (var id in memberIds)
        {
            var task = kernel.FindTask(id);
            if (task is null || task.IsNative || task.State != TaskState.Active)
            {
                throw new ArgumentException($"task {id} is not a live user task and cannot be a member of a checkpoint set");
            }

            members[id] = task;
        }

        var outside = new SortedSet<ulong>();
        PeerRef Peer(KernelTask task)
        {
            if (task.IsNative)
            {
                return new PeerRef(PeerKind.Service, task.Id - NativeTaskIds.Base);
            }

            if (members.ContainsKey(task.Id))
            {
                return new PeerRef(PeerKind.Task, task.Id);
            }

            outside.Add(task.Id);
            return new PeerRef(PeerKind.Outside, task.Id);
        }

        var tasks = members.Values.Select(task => new TaskIpcRecord(task.Id, task.Ipc.NextPhoneId, task.Ipc.NextCallId,
            task.Ipc.Answerbox.NextReceiverCallId,
            task.Ipc.Phones.Select(phone => new PhoneRecord(phone.Id, phone.State == PhoneState.HungUp, Peer(phone.Callee.Owner))).ToArray())).ToArray();

        var calls = new List<CanonicalCall>();
        foreach (var task in members.Values)
        {
            foreach (var call in task.Ipc.Outgoing)
            {
                calls.Add(Canonical(call, Peer));
            }

            foreach (var phone in task.Ipc.Answerbox.ConnectedPhones.Where(phone => !phone.Owner.IsNative))
            {
                Peer(phone.Owner); // a task with a phone into a member is a member or outside
            }

            // Kernel notices (hangups) carry no sender-side record; those a member sent to a member travel along.
            var box = task.Ipc.Answerbox;
            foreach (var notice in box.Queued.Concat(box.Dispatched).Where(call => call.IsNotification))
            {
                if (members.ContainsKey(notice.Sender.Id))
                {
                    calls.Add(Canonical(notice, Peer));
                }
            }

            foreach (var call in box.Queued.Concat(box.Dispatched).Where(call => !call.IsNotification && !call.Sender.IsNative))
            {
                Peer(call.Sender);
            }
        }

        var shared = kernel.SharedMemory.Stores
            .Where(store => store.Mappings.Any(mapping => members.ContainsKey(mapping.Task.Id)))
            .Select(store => new SharedAreaRecord(store.ShareId, store.Size, store.Flags, store.OwnerServiceId,
                ContentInImage: store.OwnerServiceId == 0,
                store.Mappings.OrderBy(mapping => mapping.Task.Id).ThenBy(mapping => mapping.Area.Id)
                    .Select(mapping => new ShareParticipant(Peer(mapping.Task), mapping.Area.Id, mapping.Area.Base)).ToArray()))
            .ToArray();

        var ordered = calls.OrderBy(call => call.SenderTaskId).ThenBy(call => call.SenderCallId)
            .ThenBy(call => call.Receiver.Kind).ThenBy(call => call.Receiver.Id).ThenBy(call => call.State).ThenBy(call => call.QueuePosition)
            .ThenBy(call => call.ReceiverCallId).ToArray();
        return new IpcExport(tasks, ordered, shared, outside.ToArray());
    }

    /// <summary>The canonical form of one call; <paramref name="peer"/> names the receiver.</summary>
    private static CanonicalCall Canonical(IpcCall call, Func<KernelTask, PeerRef> peer)
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
            CallState.Queued => (CallQueueState.Queued, peer(call.Receiver!.Owner), Position(call.Receiver.Queued, call)),
            CallState.Dispatched => (CallQueueState.Dispatched, peer(call.Receiver!.Owner), 0UL),
            _ => (CallQueueState.Answered, peer(call.Sender), Position(AnswerBox(call).Answers, call)),
        };
        var transfer = call.Transfer is { } t ? new CallTransfer(t.KindName, t.ClientAddress, t.ServerAddress, t.Size, t.Done) : null;
        return new CanonicalCall(call.Sender.Id, call.SenderCallId, call.Phone.Id, state, flags, receiver,
            call.State == CallState.Dispatched ? call.ReceiverCallId : 0, position, call.SyncThread?.Id ?? 0, (uint)call.ForwardCount,
            Words(call.Request), call.Answer is { } answer ? Words(answer) : null, transfer);
    }

    /// <summary>Where the answer of a call waits: the sync thread's private answerbox, else the sender's.</summary>
    internal static Answerbox AnswerBox(IpcCall call) => call.SyncThread?.PrivateAnswerbox ?? call.Sender.Ipc.Answerbox;

    /// <summary>1-based position of <paramref name="call"/> in <paramref name="queue"/>.</summary>
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
