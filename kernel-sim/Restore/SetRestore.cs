using KernelSim.Checkpoint;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Memory;
using KernelSim.Services;
using KernelSim.Services.Naming;
using KernelSim.Services.Vfs;
using KernelSim.Syscalls;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Restore;

/// <summary>
/// The external state of an image (format 1.2) restored after the thesis' Algorithm 3: phones with their exact
/// ids, connections to services reconnected and their exported state imported, shared memory reshared, pending
/// calls put back where they were (queued, dispatched with their receiver-side ids, answered and not fetched,
/// waited for by a synchronous caller), calls to services re-sent once the service ended its restore, files
/// reopened under their policy. <see cref="Plan"/> checks every reference the image makes before the kernel is
/// touched (the trust boundary); <see cref="Apply"/> then cannot fail.
/// </summary>
internal sealed partial class SetRestore
{
    private readonly Microkernel _kernel;
    private readonly string _path;
    private readonly ExternalState _external;
    private readonly IReadOnlyDictionary<ulong, TaskRebuild> _tasks;
    private readonly IReadOnlyDictionary<ulong, TaskIpcRecord> _ipc;
    private readonly IReadOnlyList<CanonicalCall> _calls;
    private readonly IReadOnlyDictionary<(ulong Task, ulong Phone), ServiceLink> _links;
    private readonly IReadOnlyDictionary<ulong, IReadOnlyList<FileRestoreCheck>> _files;
    private readonly IReadOnlyDictionary<ulong, SharedPageStore> _serviceStores;
    private readonly List<string> _notes = [];

    private SetRestore(Microkernel kernel, string path, ExternalState external, IReadOnlyDictionary<ulong, TaskRebuild> tasks,
        IReadOnlyDictionary<ulong, TaskIpcRecord> ipc, IReadOnlyList<CanonicalCall> calls,
        IReadOnlyDictionary<(ulong Task, ulong Phone), ServiceLink> links, IReadOnlyDictionary<ulong, IReadOnlyList<FileRestoreCheck>> files,
        IReadOnlyDictionary<ulong, SharedPageStore> serviceStores)
    {
        _kernel = kernel;
        _path = path;
        _external = external;
        _tasks = tasks;
        _ipc = ipc;
        _calls = calls;
        _links = links;
        _files = files;
        _serviceStores = serviceStores;
    }

    /// <summary>What the restore did besides recreating the set: connections hung up, files closed or moved.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Checks the image's external state against itself and this kernel; nothing is changed.</summary>
    /// <exception cref="RestoreException">A reference is wrong, or a server is missing or duplicate under the cancel policy, or a file changed under the unchangeable policy.</exception>
    public static SetRestore Plan(Microkernel kernel, string path, ExternalState external, IReadOnlyList<TaskRebuild> rebuilt, RestoreOptions options)
    {
        var where = $"image {path}";
        if (kernel.Profile.Call is null)
        {
            throw new RestoreException($"{where}: carries IPC state, which kernel build {kernel.Profile.Build} cannot hold (its profile has no \"call\" struct)");
        }

        var tasks = rebuilt.ToDictionary(task => task.ImageTaskId);
        var ipc = CheckTaskIpc(where, external, tasks);
        var calls = DecodeCalls(where, kernel.Profile, external);
        var links = PlanLinks(kernel, where, external, ipc, options);
        CheckCalls(where, calls, tasks, ipc);
        CheckRestartFrames(where, calls, tasks);
        CheckOutsidePhones(kernel, where, external, tasks);
        var files = PlanFiles(kernel, where, external, tasks, links);
        var stores = PlanShares(kernel, where, external, tasks);
        var plan = new SetRestore(kernel, path, external, tasks, ipc, calls, links, files, stores);
        foreach (var link in links.Values.Where(link => !link.IsConnected))
        {
            plan._notes.Add($"{link} hung up: {link.Reason}");
        }

        foreach (var check in files.Values.SelectMany(checks => checks).Where(check => check.Reason is not null))
        {
            plan._notes.Add(check.Reason!);
        }

        return plan;
    }

    private static Dictionary<ulong, TaskIpcRecord> CheckTaskIpc(string where, ExternalState external, IReadOnlyDictionary<ulong, TaskRebuild> tasks)
    {
        var ipc = new Dictionary<ulong, TaskIpcRecord>();
        foreach (var record in external.TaskIpc)
        {
            var what = $"{where}: task {record.TaskId}";
            if (!tasks.ContainsKey(record.TaskId) || !ipc.TryAdd(record.TaskId, record))
            {
                throw new RestoreException($"{what}: IPC state of a task that is not in the image, or given twice");
            }

            if (record.Phones.Count > IpcSystem.MaxPhonesPerTask || record.NextPhoneId == 0 || record.NextCallId == 0 || record.NextReceiverCallId == 0)
            {
                throw new RestoreException($"{what}: {record.Phones.Count} phones or a zero id counter (this kernel allows {IpcSystem.MaxPhonesPerTask} phones, counters start at 1)");
            }

            ulong? previous = null;
            foreach (var phone in record.Phones)
            {
                if (previous is { } p && phone.PhoneId <= p || phone.PhoneId >= record.NextPhoneId && phone.PhoneId != 0)
                {
                    throw new RestoreException($"{what}: phone {phone.PhoneId} is out of order or not below the next phone id {record.NextPhoneId}");
                }

                previous = phone.PhoneId;
                var known = phone.Callee.Kind switch
                {
                    PeerKind.Task => tasks.ContainsKey(phone.Callee.Id),
                    PeerKind.Service => ServiceIds.NameOf(phone.Callee.Id) is not null,
                    PeerKind.Outside => phone.HungUp && external.Cooperation.OutsideTaskIds.Contains(phone.Callee.Id),
                    _ => false,
                };
                if (!known)
                {
                    throw new RestoreException($"{what}: phone {phone.PhoneId} calls {phone.Callee}, which is neither a task of the image nor a known service (or a connected phone to an outside task)");
                }
            }
        }

        if (tasks.Keys.FirstOrDefault(id => !ipc.ContainsKey(id)) is var missing and not 0)
        {
            throw new RestoreException($"{where}: task {missing} has no IPC state");
        }

        return ipc;
    }

    private static IReadOnlyList<CanonicalCall> DecodeCalls(string where, KernelBuildProfile profile, ExternalState external)
    {
        try
        {
            return external.Calls.Select(call => CanonicalCodec.DecodeCall(call, profile)).ToArray();
        }
        catch (SnapshotFormatException ex)
        {
            throw new RestoreException($"{where}: {ex.Message}", ex);
        }
    }

    /// <summary>Every connected phone to a service, and whether it can be reconnected (missing and duplicate servers per the error policy).</summary>
    private static Dictionary<(ulong Task, ulong Phone), ServiceLink> PlanLinks(Microkernel kernel, string where, ExternalState external,
        IReadOnlyDictionary<ulong, TaskIpcRecord> ipc, RestoreOptions options)
    {
        var cooperation = external.Cooperation;
        var states = new Dictionary<(ulong, ulong, ulong), ConnectionRecord>();
        foreach (var state in cooperation.Connections)
        {
            if (!ipc.TryGetValue(state.ClientTaskId, out var record)
                || record.Phones.FirstOrDefault(phone => phone.PhoneId == state.PhoneId) is not { HungUp: false } phone
                || phone.Callee != new PeerRef(PeerKind.Service, state.ServiceId)
                || !states.TryAdd((state.ServiceId, state.ClientTaskId, state.PhoneId), state))
            {
                throw new RestoreException($"{where}: the exported state of the connection of task {state.ClientTaskId} phone {state.PhoneId} to service {state.ServiceId} names no such connection (or is given twice)");
            }
        }

        var naming = StandardServices.Find<NamingService>(kernel, ServiceIds.Naming);
        var links = new Dictionary<(ulong, ulong), ServiceLink>();
        foreach (var record in ipc.Values.OrderBy(record => record.TaskId))
        {
            foreach (var phone in record.Phones.Where(phone => !phone.HungUp && phone.Callee.Kind == PeerKind.Service))
            {
                var serviceId = phone.Callee.Id;
                var service = CooperativeServices.Find(kernel, serviceId);
                var link = new ServiceLink(record.TaskId, phone.PhoneId, serviceId, service,
                    states.GetValueOrDefault((serviceId, record.TaskId, phone.PhoneId)));
                links.Add((record.TaskId, phone.PhoneId), link);
                if (service is null)
                {
                    Fail(link, ConnectionFailure.MissingServer, $"missing server: service {link.ServiceName} (id {serviceId}) is not running", where, options);
                }
                else if (link.State is null)
                {
                    link.Failure = ConnectionFailure.NotCooperated;
                    link.Reason = $"service {link.ServiceName} did not cooperate when the checkpoint was taken";
                }
                else if (serviceId == ServiceIds.Naming && naming is not null
                         && Registered(link.State).FirstOrDefault(name => naming.Find(name) is not null) is { } taken)
                {
                    Fail(link, ConnectionFailure.DuplicateServer,
                        $"duplicate server: '{taken}', which task {record.TaskId} registered, is now registered by running task {naming.Find(taken)!.ServerTaskId}", where, options);
                }
            }
        }

        return links;
    }

    private static void Fail(ServiceLink link, ConnectionFailure failure, string reason, string where, RestoreOptions options)
    {
        if (options.ErrorPolicy == CheckpointErrorPolicy.Cancel)
        {
            throw new RestoreException($"{where}: {reason} (connection of task {link.ImageTaskId} phone {link.PhoneId}); nothing was restored; --err-resume hangs that connection up instead");
        }

        link.Failure = failure;
        link.Reason = reason;
    }

    private static IEnumerable<string> Registered(ConnectionRecord state) =>
        state.State.Where(entry => entry.Key == "registered" && entry.Value.Length > 0).SelectMany(entry => entry.Value.Split(','));

    private static void CheckCalls(string where, IReadOnlyList<CanonicalCall> calls, IReadOnlyDictionary<ulong, TaskRebuild> tasks,
        IReadOnlyDictionary<ulong, TaskIpcRecord> ipc)
    {
        var senderIds = new HashSet<(ulong, ulong)>();
        var receiverIds = new HashSet<(ulong, ulong)>();
        foreach (var call in calls)
        {
            var what = $"{where}: call {call.SenderCallId} of task {call.SenderTaskId}";
            if (!tasks.TryGetValue(call.SenderTaskId, out var sender) || !ipc.TryGetValue(call.SenderTaskId, out var senderIpc))
            {
                throw new RestoreException($"{what}: the sender is not a task of the image");
            }

            if (senderIpc.Phones.All(phone => phone.PhoneId != call.PhoneId))
            {
                throw new RestoreException($"{what}: the sender has no phone {call.PhoneId}");
            }

            var notification = call.Flags.Contains(IpcCapture.NotificationFlag);
            if (notification != (call.SenderCallId == 0) || call.SenderCallId >= senderIpc.NextCallId
                || (!notification && !senderIds.Add((call.SenderTaskId, call.SenderCallId))))
            {
                throw new RestoreException($"{what}: the sender-side id is repeated, not below the task's next call id {senderIpc.NextCallId}, or does not match the notification flag");
            }

            if (notification && (call.State == CallQueueState.Answered || call.Flags.Contains(IpcCapture.SyncFlag)))
            {
                throw new RestoreException($"{what}: a notification is never answered nor waited for");
            }

            if (call.Flags.Contains(IpcCapture.SyncFlag) != (call.SyncThreadId != 0)
                || call.SyncThreadId != 0 && sender.Task.FindThread(call.SyncThreadId) is null)
            {
                throw new RestoreException($"{what}: the waiting thread {call.SyncThreadId} does not match the sync flag or does not exist");
            }

            CheckReceiver(what, call, tasks, ipc, receiverIds);
            if (call.Request.Count != CanonicalCall.MessageWords || call.Answer is { Count: not CanonicalCall.MessageWords }
                || (call.State == CallQueueState.Answered) != (call.Answer is not null))
            {
                throw new RestoreException($"{what}: request or answer is not {CanonicalCall.MessageWords} words, or the answer does not match the state");
            }

            if (call.Transfer is { } transfer && (IpcTransfer.KindOf(transfer.Kind) is null || transfer.Done > transfer.Size
                                                  || transfer.Size > AddressSpaceLayout.MaxAreaSize))
            {
                throw new RestoreException($"{what}: transfer '{transfer.Kind}' of {transfer.Size} bytes with {transfer.Done} done is not one this kernel makes");
            }
        }

        if (calls.GroupBy(call => call.SenderTaskId).FirstOrDefault(group => group.Count(call => call.SyncThreadId == 0 && call.SenderCallId != 0) > IpcSystem.MaxAsyncCallsPerTask) is { } busy)
        {
            throw new RestoreException($"{where}: task {busy.Key} has more than {IpcSystem.MaxAsyncCallsPerTask} async calls pending");
        }
    }

    private static void CheckReceiver(string what, CanonicalCall call, IReadOnlyDictionary<ulong, TaskRebuild> tasks,
        IReadOnlyDictionary<ulong, TaskIpcRecord> ipc, HashSet<(ulong, ulong)> receiverIds)
    {
        switch (call.State)
        {
            case CallQueueState.Answered when call.Receiver != new PeerRef(PeerKind.Task, call.SenderTaskId):
                throw new RestoreException($"{what}: an answered call waits at its sender, not at {call.Receiver}");
            case CallQueueState.Answered:
                return;
            case CallQueueState.Queued or CallQueueState.Dispatched when call.Receiver.Kind == PeerKind.Service:
                if (ServiceIds.NameOf(call.Receiver.Id) is null)
                {
                    throw new RestoreException($"{what}: receiver {call.Receiver} is not a known service");
                }

                return;
            case CallQueueState.Queued or CallQueueState.Dispatched when call.Receiver.Kind == PeerKind.Task && ipc.TryGetValue(call.Receiver.Id, out var receiver):
                if (call.State == CallQueueState.Dispatched
                    && (call.ReceiverCallId == 0 || call.ReceiverCallId >= receiver.NextReceiverCallId || !receiverIds.Add((call.Receiver.Id, call.ReceiverCallId))))
                {
                    throw new RestoreException($"{what}: receiver-side id {call.ReceiverCallId} is 0, repeated, or not below task {call.Receiver.Id}'s next receiver call id");
                }

                return;
            default:
                throw new RestoreException($"{what}: receiver {call.Receiver} is neither a task of the image nor a known service");
        }
    }

    /// <summary>Every IPC restart frame names a call the image carries, in the state that frame waits for; every waited-for call has its frame.</summary>
    private static void CheckRestartFrames(string where, IReadOnlyList<CanonicalCall> calls, IReadOnlyDictionary<ulong, TaskRebuild> tasks)
    {
        foreach (var task in tasks.Values)
        {
            foreach (var (thread, state) in task.Restarted)
            {
                var what = $"{where}: task {task.ImageTaskId} thread {thread.Id}";
                var args = state.Syscall!.Args;
                switch (state.Syscall.Name)
                {
                    case SyscallNames.IpcCallSync:
                        if (calls.FirstOrDefault(call => call.SenderTaskId == task.ImageTaskId && call.SenderCallId == args[2]) is not { } sync
                            || sync.SyncThreadId != thread.Id || sync.PhoneId != args[0])
                        {
                            throw new RestoreException($"{what}: waits in ipc_call_sync for call {args[2]} over phone {args[0]}, which the image does not hold as this thread's call");
                        }

                        break;
                    case SyscallNames.IpcDataFinalize:
                        if (calls.FirstOrDefault(call => call.State == CallQueueState.Dispatched && call.Receiver == new PeerRef(PeerKind.Task, task.ImageTaskId)
                                                         && call.ReceiverCallId == args[0]) is not { Transfer: { } transfer }
                            || IpcTransfer.KindOf(transfer.Kind) is not (TransferKind.DataWrite or TransferKind.DataRead)
                            || transfer.ServerAddress + transfer.Done != args[1] || transfer.Size - transfer.Done != args[2] || args[2] == 0)
                        {
                            throw new RestoreException($"{what}: copies in ipc_data_finalize for call {args[0]}, but the image holds no data transfer dispatched to it with that progress");
                        }

                        break;
                }
            }
        }

        foreach (var call in calls.Where(call => call.SyncThreadId != 0 && call.State != CallQueueState.Answered))
        {
            var thread = tasks[call.SenderTaskId].Restarted.FirstOrDefault(entry => entry.Thread.Id == call.SyncThreadId);
            if (thread.State?.Syscall is not { Name: SyscallNames.IpcCallSync } frame || frame.Args[2] != call.SenderCallId)
            {
                throw new RestoreException($"{where}: synchronous call {call.SenderCallId} of task {call.SenderTaskId} is unanswered, but thread {call.SyncThreadId} does not wait for it");
            }
        }
    }

    private static Dictionary<ulong, IReadOnlyList<FileRestoreCheck>> PlanFiles(Microkernel kernel, string where, ExternalState external,
        IReadOnlyDictionary<ulong, TaskRebuild> tasks, IReadOnlyDictionary<(ulong Task, ulong Phone), ServiceLink> links)
    {
        var vfs = StandardServices.Find<VfsService>(kernel, ServiceIds.Vfs);
        var files = new Dictionary<ulong, IReadOnlyList<FileRestoreCheck>>();
        foreach (var record in external.Files)
        {
            if (!tasks.ContainsKey(record.TaskId) || files.ContainsKey(record.TaskId))
            {
                throw new RestoreException($"{where}: files of task {record.TaskId}, which is not in the image or has them twice");
            }

            // Files travel with the task's connection to the VFS: when that is hung up, they are closed with it.
            if (vfs is null || !links.Values.Any(link => link.ImageTaskId == record.TaskId && link.ServiceId == ServiceIds.Vfs && link.IsConnected))
            {
                continue;
            }

            var checks = vfs.CheckFiles(record);
            if (checks.FirstOrDefault(check => check.Refuses) is { } refused)
            {
                throw new RestoreException($"{where}: task {record.TaskId}: {refused.Reason}");
            }

            files.Add(record.TaskId, checks);
        }

        return files;
    }

    /// <summary>Shares agree with the areas; memory a service owns exists in this kernel. Returns the service stores by share id.</summary>
    private static Dictionary<ulong, SharedPageStore> PlanShares(Microkernel kernel, string where, ExternalState external, IReadOnlyDictionary<ulong, TaskRebuild> tasks)
    {
        var named = new HashSet<(ulong, uint)>();
        var stores = new Dictionary<ulong, SharedPageStore>();
        foreach (var share in external.SharedAreas)
        {
            var what = $"{where}: shared area {share.ShareId}";
            if (share.Participants.Count == 0 || share.Participants.Any(participant => participant.Peer.Kind != PeerKind.Task))
            {
                throw new RestoreException($"{what}: has no participant, or one that is not a task of the image");
            }

            foreach (var participant in share.Participants)
            {
                if (!tasks.TryGetValue(participant.Peer.Id, out var task)
                    || task.Task.AddressSpace.FindById(participant.AreaId) is not { Backing: AreaBacking.Shared } area
                    || area.Base != participant.Base || area.Size != share.Size || !named.Add((participant.Peer.Id, participant.AreaId)))
                {
                    throw new RestoreException($"{what}: participant task {participant.Peer.Id} area {participant.AreaId} at 0x{participant.Base:x} is not a shared area of that size there, or is named twice");
                }
            }

            if (share.ServiceId == 0)
            {
                if (!share.ContentInImage)
                {
                    throw new RestoreException($"{what}: only tasks share it, yet its content is not in the image");
                }

                continue;
            }

            if (share.ServiceId == ServiceIds.Shm)
            {
                // The shm service hands the channel's store out once the client's connection state is imported.
                if (!share.ContentInImage || CooperativeServices.Find(kernel, ServiceIds.Shm) is null)
                {
                    throw new RestoreException($"{what}: a channel of the shm service, which is not running (or whose content the image lacks)");
                }

                continue;
            }

            var candidates = kernel.SharedMemory.Stores.Where(store => store.OwnerServiceId == share.ServiceId && store.Size == share.Size).ToArray();
            if (candidates.Length != 1)
            {
                throw new RestoreException($"{what}: service {ServiceIds.NameOf(share.ServiceId) ?? share.ServiceId.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                                           $"has {candidates.Length} memory objects of 0x{share.Size:x} bytes in this kernel; exactly one can be remapped");
            }

            if ((share.Flags & ~candidates[0].Flags) != 0)
            {
                throw new RestoreException($"{what}: asks for {share.Flags}, more than the service's memory allows ({candidates[0].Flags})");
            }

            stores.Add(share.ShareId, candidates[0]);
        }

        foreach (var task in tasks.Values)
        {
            if (task.Task.AddressSpace.Areas.FirstOrDefault(area => area.Backing == AreaBacking.Shared && !named.Contains((task.ImageTaskId, area.Id))) is { } unnamed)
            {
                throw new RestoreException($"{where}: task {task.ImageTaskId} area {unnamed.Id} is shared, but no shared area names it");
            }
        }

        return stores;
    }
}
