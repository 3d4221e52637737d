using KernelSim.Checkpoint;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using KernelSim.Services;
using KernelSim.Services.Shm;
using KernelSim.Services.Vfs;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Restore;

internal sealed partial class SetRestore
{
    /// <summary>Gives the rebuilt tasks their phones and id counters; call before the tasks are installed (phone 0 included).</summary>
    public void PreparePhones()
    {
        foreach (var (imageId, record) in _ipc)
        {
            var task = _tasks[imageId].Task;
            foreach (var phone in record.Phones)
            {
                var connected = !phone.HungUp && (_links.GetValueOrDefault((imageId, phone.PhoneId))?.IsConnected ?? true);
                // A hung-up phone calls nobody; it keeps its id (and its place in the sequence) and points at its own task.
                var callee = connected ? Callee(phone.Callee) : task.Ipc.Answerbox;
                var restored = task.Ipc.AddPhoneWithId(phone.PhoneId, callee);
                if (!connected)
                {
                    restored.State = PhoneState.HungUp;
                }
            }

            task.Ipc.NextPhoneId = record.NextPhoneId;
            task.Ipc.NextCallId = record.NextCallId;
        }
    }

    /// <summary>
    /// After the tasks are installed (before their threads run or re-enter syscalls): connects the phones, reconnects
    /// the service connections (RECONNECT_ME, RSTR_INIT, files), reshares memory (service memory as the service
    /// says), ends the services' restore (RSTR_END), puts every call back, and hangs up the outside clients' phones.
    /// </summary>
    public void Apply()
    {
        foreach (var task in _tasks.Values)
        {
            foreach (var phone in task.Task.Ipc.Phones.Where(phone => phone.State == PhoneState.Connected))
            {
                phone.Callee.AddPhone(phone);
            }
        }

        var vfs = StandardServices.Find<VfsService>(_kernel, ServiceIds.Vfs);
        var imported = new List<ServiceLink>();
        foreach (var link in _links.Values.Where(link => link.IsConnected).OrderBy(link => (link.ServiceId, link.ImageTaskId, link.PhoneId)))
        {
            var taskId = _tasks[link.ImageTaskId].Task.Id;
            var error = link.Service!.ImportConnection(taskId, link.PhoneId, link.State! with { ClientTaskId = taskId });
            if (error is null && link.ServiceId == ServiceIds.Vfs && vfs is not null && _files.TryGetValue(link.ImageTaskId, out var checks))
            {
                error = vfs.ApplyFiles(taskId, _external.Files.First(record => record.TaskId == link.ImageTaskId), checks);
            }

            if (error is not null)
            {
                // The service refused what it exported itself; the task is already in the kernel, so hang up (as resume would).
                link.Failure = ConnectionFailure.ImportRefused;
                link.Reason = error;
                _notes.Add($"{link} hung up: {error}");
                var phone = _tasks[link.ImageTaskId].Task.Ipc.FindPhone(link.PhoneId)!;
                phone.State = PhoneState.HungUp;
                phone.Callee.RemovePhone(phone);
            }

            imported.Add(link);
        }

        Reshare();
        foreach (var link in imported)
        {
            link.Service!.EndRestore(_tasks[link.ImageTaskId].Task.Id, link.PhoneId);
        }

        RestoreCalls();
        foreach (var (imageId, record) in _ipc)
        {
            _tasks[imageId].Task.Ipc.Answerbox.NextReceiverCallId = record.NextReceiverCallId;
        }

        HangUpOutsideClients();
    }

    private Answerbox Callee(PeerRef peer) => peer.Kind == PeerKind.Task
        ? _tasks[peer.Id].Task.Ipc.Answerbox
        : _kernel.FindService(peer.Id)!.Ipc.Answerbox;

    /// <summary>Memory only tasks shared: the lowest task's area (holding the image's pages) becomes the store, the others map it. Service memory: the service's store, overwritten when the service says so.</summary>
    private void Reshare()
    {
        foreach (var share in _external.SharedAreas)
        {
            var mappings = share.Participants.OrderBy(participant => participant.Peer.Id).ThenBy(participant => participant.AreaId)
                .Select(participant => _tasks[participant.Peer.Id].Task)
                .Zip(share.Participants.OrderBy(participant => participant.Peer.Id).ThenBy(participant => participant.AreaId),
                    (task, participant) => (Task: task, Area: task.AddressSpace.FindById(participant.AreaId)!))
                .ToArray();
            var (store, overwrite) = ServiceStore(share, mappings[0].Task);
            if (store is not null)
            {
                if (share.ContentInImage && overwrite)
                {
                    foreach (var page in mappings[0].Area.MaterialisedPages())
                    {
                        store.Write(page.PageIndex * AddressSpaceLayout.PageSize, page.Bytes.Span);
                    }
                }

                // A shm channel is the same for every mapping of the share: looked up once, each client's mapping recorded.
                var shm = share.ServiceId == ServiceIds.Shm ? StandardServices.Find<ShmService>(_kernel, ServiceIds.Shm) : null;
                var channel = shm?.Channels.FirstOrDefault(candidate => ReferenceEquals(candidate.Store, store));
                foreach (var (task, area) in mappings)
                {
                    SharedMemory.Attach(store, task, area);
                    if (channel is not null
                        && task.Ipc.Phones.FirstOrDefault(phone => phone.State == PhoneState.Connected && phone.Callee.Owner.Id == NativeTaskIds.Of(ServiceIds.Shm)) is { } shmPhone)
                    {
                        shm!.Reattached(task.Id, shmPhone.Id, channel.Number);
                    }
                }

                continue;
            }

            // The lowest task's area holds the image's pages: they become the store, under the image's share id when it is free.
            var (first, firstArea) = mappings[0];
            SharedPageStore created;
            if (_kernel.SharedMemory.Find(share.ShareId) is null)
            {
                created = _kernel.SharedMemory.Recreate(share.ShareId, share.Size, share.Flags, 0, firstArea.TakePages());
                SharedMemory.Attach(created, first, firstArea);
            }
            else
            {
                created = _kernel.SharedMemory.Share(first, firstArea);
            }

            foreach (var (task, area) in mappings.Skip(1))
            {
                SharedMemory.Attach(created, task, area);
            }
        }
    }

    /// <summary>
    /// The service's memory a share maps, and whether the image's pages overwrite it: the shm service says both for
    /// its channels (after the client's state was imported); other service memory (the naming service's time area)
    /// is the one store of that size the service owns, never overwritten. (null, false) for memory only tasks share.
    /// </summary>
    private (SharedPageStore? Store, bool Overwrite) ServiceStore(SharedAreaRecord share, KernelTask lowest)
    {
        if (share.ServiceId == ServiceIds.Shm && StandardServices.Find<ShmService>(_kernel, ServiceIds.Shm) is { } shm
            && shm.StoreForRestore(lowest.Id, share.ShareId) is { } restored)
        {
            return restored;
        }

        return _serviceStores.TryGetValue(share.ShareId, out var store) ? (store, false) : (null, false);
    }

    /// <summary>
    /// Dispatched calls first (each takes its receiver-side id), then queued ones in queue order, answers in answer
    /// order; calls to a service are re-sent to it (it never answered them) and calls over a hung-up connection are
    /// answered with EHANGUP.
    /// </summary>
    private void RestoreCalls()
    {
        var rebuilt = _calls.Select(call => (Canonical: call, Call: Rebuild(call))).ToArray();
        foreach (var (canonical, call) in rebuilt.Where(entry => entry.Canonical.State == CallQueueState.Dispatched && entry.Canonical.Receiver.Kind == PeerKind.Task)
                     .OrderBy(entry => entry.Canonical.Receiver.Id).ThenBy(entry => entry.Canonical.ReceiverCallId))
        {
            var box = Callee(canonical.Receiver);
            box.NextReceiverCallId = canonical.ReceiverCallId;
            box.Enqueue(call);
            box.Dispatch();
        }

        foreach (var (canonical, call) in rebuilt.Where(entry => entry.Canonical.State == CallQueueState.Queued && entry.Canonical.Receiver.Kind == PeerKind.Task)
                     .OrderBy(entry => entry.Canonical.Receiver.Id).ThenBy(entry => entry.Canonical.QueuePosition))
        {
            Callee(canonical.Receiver).Enqueue(call);
        }

        foreach (var (canonical, call) in rebuilt.Where(entry => entry.Canonical.State == CallQueueState.Answered).OrderBy(entry => entry.Canonical.QueuePosition))
        {
            call.Answer = Message(canonical.Answer!);
            AnswerQueue(call).EnqueueAnswer(call);
        }

        foreach (var (canonical, call) in rebuilt.Where(entry => entry.Canonical.State != CallQueueState.Answered && entry.Canonical.Receiver.Kind == PeerKind.Service))
        {
            if (_links.GetValueOrDefault((canonical.SenderTaskId, canonical.PhoneId)) is { IsConnected: false } || _kernel.FindService(canonical.Receiver.Id) is null)
            {
                call.Answer = IpcMessage.Error((long)SyscallError.HangUp);
                call.State = CallState.Answered;
                AnswerQueue(call).EnqueueAnswer(call);
                continue;
            }

            var box = Callee(canonical.Receiver);
            box.Enqueue(call);
            _kernel.RequestPump(box.Owner);
        }
    }

    private IpcCall Rebuild(CanonicalCall canonical)
    {
        var sender = _tasks[canonical.SenderTaskId].Task;
        var phone = sender.Ipc.FindPhone(canonical.PhoneId)!;
        var thread = canonical.SyncThreadId == 0 ? null : sender.FindThread(canonical.SyncThreadId);
        var notification = canonical.Flags.Contains(IpcCapture.NotificationFlag);
        var call = new IpcCall(phone, canonical.SenderCallId, Message(canonical.Request), thread, notification)
        {
            ForwardCount = (int)canonical.ForwardCount,
            State = canonical.State switch
            {
                CallQueueState.Queued => CallState.Queued,
                CallQueueState.Dispatched => CallState.Dispatched,
                _ => CallState.Answered,
            },
        };
        call.Transfer = canonical.Transfer is { } transfer
            ? new IpcTransfer(IpcTransfer.KindOf(transfer.Kind)!.Value, transfer.ClientAddress, transfer.Size) { ServerAddress = transfer.ServerAddress, Done = transfer.Done }
            : null;
        if (!notification)
        {
            sender.Ipc.AddOutgoing(call);
        }

        if (thread is not null)
        {
            thread.SyncCall = call;
        }

        return call;
    }

    private static Answerbox AnswerQueue(IpcCall call) => call.SyncThread?.PrivateAnswerbox ?? call.Sender.Ipc.Answerbox;

    private static IpcMessage Message(IReadOnlyList<ulong> words) => new(words[0], words[1], words[2], words[3], words[4], words[5]);
}
