using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Ipc;

/// <summary>Every check <see cref="IpcImport"/> makes before it changes anything; the first failure is an <see cref="IpcImportException"/>.</summary>
internal sealed class IpcImportValidation
{
    private readonly Microkernel _kernel;
    private readonly IReadOnlyList<TaskIpcRecord> _tasks;
    private readonly IReadOnlyList<CanonicalCall> _calls;
    private readonly IReadOnlyList<SharedAreaRecord> _sharedAreas;
    private readonly IReadOnlyDictionary<ulong, SharedPageStore> _serviceStores;
    private readonly Dictionary<ulong, TaskIpcRecord> _records = new();

    public IpcImportValidation(Microkernel kernel, IReadOnlyList<TaskIpcRecord> tasks, IReadOnlyList<CanonicalCall> calls,
                               IReadOnlyList<SharedAreaRecord> sharedAreas, IReadOnlyDictionary<ulong, SharedPageStore> serviceStores)
    {
        _kernel = kernel;
        _tasks = tasks;
        _calls = calls;
        _sharedAreas = sharedAreas;
        _serviceStores = serviceStores;
    }

    /// <summary>The member tasks by id, once <see cref="Run"/> has passed.</summary>
    public Dictionary<ulong, KernelTask> Members { get; } = new();

    public void Run()
    {
        foreach (var record in _tasks)
        {
            if (_kernel.FindTask(record.TaskId) is not { IsNative: false, State: TaskState.Active } task)
            {
                throw Fail($"task {record.TaskId} has IPC state but is not a restored task");
            }

            if (!Members.TryAdd(record.TaskId, task))
            {
                throw Fail($"task {record.TaskId} has two IPC records");
            }

            _records.Add(record.TaskId, record);
        }

        foreach (var record in _tasks)
        {
            CheckTask(record);
        }

        CheckCalls();
        CheckShares();
    }

    private void CheckTask(TaskIpcRecord record)
    {
        var where = $"task {record.TaskId}";
        if (record.NextPhoneId == 0 || record.NextCallId == 0 || record.NextReceiverCallId == 0)
        {
            throw Fail($"{where}: id counters start at 1");
        }

        if (record.Phones.Count > IpcSystem.MaxPhonesPerTask)
        {
            throw Fail($"{where} has {record.Phones.Count} phones; at most {IpcSystem.MaxPhonesPerTask}");
        }

        ulong? previous = null;
        foreach (var phone in record.Phones)
        {
            if (previous is { } last && phone.PhoneId <= last)
            {
                throw Fail($"{where}: phone {phone.PhoneId} is out of order or repeated");
            }

            if (phone.PhoneId >= record.NextPhoneId)
            {
                throw Fail($"{where}: phone {phone.PhoneId} is not below the next phone id {record.NextPhoneId}");
            }

            CheckPeer($"{where} phone {phone.PhoneId}", phone.Callee, allowOutside: true);
            previous = phone.PhoneId;
        }
    }

    private void CheckCalls()
    {
        var senderIds = new HashSet<(ulong, ulong)>();
        var receiverIds = new HashSet<(ulong, ulong)>();
        var positions = new HashSet<(string, ulong, ulong)>();
        var syncThreads = new HashSet<(ulong, uint)>();
        var asyncCounts = new Dictionary<ulong, int>();
        foreach (var call in _calls)
        {
            var where = $"call {call.SenderCallId} of task {call.SenderTaskId}";
            if (!_records.TryGetValue(call.SenderTaskId, out var sender))
            {
                throw Fail($"{where}: the sender is not a task of the set");
            }

            if (!sender.Phones.Any(phone => phone.PhoneId == call.PhoneId))
            {
                throw Fail($"{where}: the sender has no phone {call.PhoneId}");
            }

            var notification = call.Flags.Contains(IpcExport.NotificationFlag);
            var sync = call.Flags.Contains(IpcExport.SyncFlag);
            var unknown = call.Flags.Except([IpcExport.NotificationFlag, IpcExport.SyncFlag, IpcExport.ForwardedFlag], StringComparer.Ordinal).ToArray();
            if (unknown.Length > 0)
            {
                throw Fail($"{where}: unknown flags [{string.Join(", ", unknown)}]");
            }

            if (notification ? call.SenderCallId != 0 || sync || call.State == CallQueueState.Answered
                             : call.SenderCallId == 0 || call.SenderCallId >= sender.NextCallId || !senderIds.Add((call.SenderTaskId, call.SenderCallId)))
            {
                throw Fail($"{where}: the sender-side id is 0, repeated, not below the next call id {sender.NextCallId}, or does not fit a kernel notice");
            }

            if ((call.ForwardCount > 0) != call.Flags.Contains(IpcExport.ForwardedFlag))
            {
                throw Fail($"{where}: the forward count {call.ForwardCount} and the 'forwarded' flag disagree");
            }

            if (call.Request.Count != CanonicalCall.MessageWords || (call.Answer is { } answer && answer.Count != CanonicalCall.MessageWords)
                || (call.Answer is null) != (call.State != CallQueueState.Answered))
            {
                throw Fail($"{where}: a request of six words, and an answer of six words exactly when answered");
            }

            if (!notification && !IpcMethods.IsSendable(call.Request[0]))
            {
                throw Fail($"{where}: method {call.Request[0]} cannot be sent by a task");
            }

            CheckSync(where, call, sync, syncThreads);
            if (!sync && !notification)
            {
                asyncCounts[call.SenderTaskId] = asyncCounts.GetValueOrDefault(call.SenderTaskId) + 1;
            }

            CheckPlace(where, call, receiverIds, positions);
            CheckTransfer(where, call);
        }

        if (asyncCounts.FirstOrDefault(count => count.Value > IpcSystem.MaxAsyncCallsPerTask) is { Value: > 0 } over)
        {
            throw Fail($"task {over.Key} has {over.Value} async calls pending; at most {IpcSystem.MaxAsyncCallsPerTask}");
        }
    }

    private void CheckSync(string where, CanonicalCall call, bool sync, HashSet<(ulong, uint)> syncThreads)
    {
        if (!sync)
        {
            if (call.SyncThreadId != 0)
            {
                throw Fail($"{where}: names thread {call.SyncThreadId} but is not synchronous");
            }

            return;
        }

        if (Members[call.SenderTaskId].FindThread(call.SyncThreadId) is null || !syncThreads.Add((call.SenderTaskId, call.SyncThreadId)))
        {
            throw Fail($"{where}: synchronous call of thread {call.SyncThreadId}, which does not exist or already waits for another call");
        }
    }

    private void CheckPlace(string where, CanonicalCall call, HashSet<(ulong, ulong)> receiverIds, HashSet<(string, ulong, ulong)> positions)
    {
        switch (call.State)
        {
            case CallQueueState.Answered:
                if (call.Receiver != new PeerRef(PeerKind.Task, call.SenderTaskId) || call.ReceiverCallId != 0 || call.QueuePosition == 0
                    || !positions.Add(($"answers {call.SenderTaskId}/{call.SyncThreadId}", call.SenderTaskId, call.QueuePosition)))
                {
                    throw Fail($"{where}: an answered call waits at its sender, at a queue position of its own");
                }

                return;
            case CallQueueState.Queued or CallQueueState.Dispatched:
                CheckPeer(where, call.Receiver, allowOutside: false);
                break;
            default:
                throw Fail($"{where}: unknown state {call.State}");
        }

        if (call.Receiver.Kind == PeerKind.Service)
        {
            return; // re-sent to the service after it imported its connections: its receiver-side id starts anew
        }

        var receiver = _records[call.Receiver.Id];
        if (call.State == CallQueueState.Queued)
        {
            if (call.ReceiverCallId != 0 || call.QueuePosition == 0 || !positions.Add(("queue", call.Receiver.Id, call.QueuePosition)))
            {
                throw Fail($"{where}: a queued call has no receiver-side id and a queue position of its own");
            }
        }
        else if (call.QueuePosition != 0 || call.ReceiverCallId == 0 || call.ReceiverCallId >= receiver.NextReceiverCallId
                 || !receiverIds.Add((call.Receiver.Id, call.ReceiverCallId)))
        {
            throw Fail($"{where}: a dispatched call has a receiver-side id of its own below {receiver.NextReceiverCallId} and no queue position");
        }
    }

    private static void CheckTransfer(string where, CanonicalCall call)
    {
        var expected = IpcTransfer.For(IpcImport.Message(call.Request))?.Kind;
        if (call.Transfer is null)
        {
            if (expected is not null && !call.Flags.Contains(IpcExport.NotificationFlag))
            {
                throw Fail($"{where}: method {call.Request[0]} carries a transfer but the call has none");
            }

            return;
        }

        if (IpcTransfer.KindOf(call.Transfer.Kind) is not { } kind || kind != expected)
        {
            throw Fail($"{where}: transfer '{call.Transfer.Kind}' does not fit method {call.Request[0]}");
        }

        if (call.Transfer.Done > call.Transfer.Size || (call.Transfer.Done > 0 && call.Transfer.ServerAddress == 0)
            || (kind is TransferKind.ShareIn or TransferKind.ShareOut && call.Transfer.Done != 0))
        {
            throw Fail($"{where}: transfer progress {call.Transfer.Done} of {call.Transfer.Size} bytes is impossible");
        }
    }

    private void CheckShares()
    {
        var seen = new HashSet<(ulong, uint)>();
        var shareIds = new HashSet<ulong>();
        foreach (var share in _sharedAreas)
        {
            var where = $"shared area {share.ShareId}";
            if (!shareIds.Add(share.ShareId) || share.ShareId == 0)
            {
                throw Fail($"{where}: the share id is 0 or repeated");
            }

            if (share.ServiceId == 0 ? _kernel.SharedMemory.Find(share.ShareId) is not null
                                     : !_serviceStores.TryGetValue(share.ShareId, out var store) || store.Size != share.Size)
            {
                throw Fail(share.ServiceId == 0
                    ? $"{where}: the share id is already used in this kernel"
                    : $"{where}: service {share.ServiceId} supplied no store of {share.Size} bytes for it");
            }

            var tasks = share.Participants.Where(p => p.Peer.Kind == PeerKind.Task).ToArray();
            if (tasks.Length == 0)
            {
                throw Fail($"{where}: no task of the set maps it");
            }

            foreach (var participant in tasks)
            {
                if (!Members.TryGetValue(participant.Peer.Id, out var task)
                    || task.AddressSpace.FindById(participant.AreaId) is not { Backing: AreaBacking.Shared, Store: null } area
                    || area.Base != participant.Base || area.Size != share.Size || !seen.Add((task.Id, area.Id)))
                {
                    throw Fail($"{where}: {participant.Peer} area {participant.AreaId} at 0x{participant.Base:x} is not an unmapped shared area of {share.Size} bytes there");
                }
            }
        }

        foreach (var (id, task) in Members)
        {
            if (task.AddressSpace.Areas.FirstOrDefault(area => area.Backing == AreaBacking.Shared && !seen.Contains((id, area.Id))) is { } orphan)
            {
                throw Fail($"task {id} area {orphan.Id} is shared but no shared area names it");
            }
        }
    }

    private void CheckPeer(string where, PeerRef peer, bool allowOutside)
    {
        var ok = peer.Kind switch
        {
            PeerKind.Task => _records.ContainsKey(peer.Id),
            PeerKind.Service => _kernel.FindService(peer.Id) is not null,
            PeerKind.Outside => allowOutside && peer.Id != 0 && !NativeTaskIds.IsNative(peer.Id) && !_records.ContainsKey(peer.Id),
            _ => false,
        };
        if (!ok)
        {
            throw Fail($"{where}: {peer} is not a task of the set, a running service, or (for a phone) a task outside the set");
        }
    }

    private static IpcImportException Fail(string message) => new(message);
}
