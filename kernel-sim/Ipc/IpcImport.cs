using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Ipc;

/// <summary>
/// Re-creates the IPC state an <see cref="IpcExport"/> produced, in a kernel where the member tasks have been
/// rebuilt (areas and threads, threads not yet restarted): phones with their exact ids (holes stay holes),
/// counters, queued calls in their original order, dispatched calls under their receiver-side ids, unfetched
/// answers, synchronous calls attached to their threads (so a restarted ipc_call_sync waits and never re-sends),
/// transfers with their progress, and shared stores (the lowest member task's pages become the store, the others
/// map it; service stores come from the caller). Phones to tasks outside the set lead to closed dummy tasks and
/// are hung up. Calls whose receiver is a service are re-created but not delivered: <see cref="ResendToServices"/>
/// delivers them once the services imported their connections.
/// Everything is validated first; on any inconsistency <see cref="IpcImportException"/> is thrown and nothing changes.
/// </summary>
public sealed class IpcImport
{
    private readonly Microkernel _kernel;
    private readonly List<IpcCall> _callsForServices = [];
    private readonly SortedDictionary<ulong, KernelTask> _dummies = new();

    private IpcImport(Microkernel kernel) => _kernel = kernel;

    /// <summary>Calls pending at a service, in sender then sender-side id order; delivered by <see cref="ResendToServices"/>.</summary>
    public IReadOnlyList<IpcCall> CallsForServices => _callsForServices;

    /// <summary>The closed stand-ins of tasks outside the set, by task id (they are not kernel tasks).</summary>
    public IReadOnlyDictionary<ulong, KernelTask> Dummies => _dummies;

    /// <summary>Validates and applies the state; see the class remarks.</summary>
    /// <param name="kernel">The restoring kernel; every member task must already exist in it.</param>
    /// <param name="tasks">One record per member.</param>
    /// <param name="calls">The pending calls.</param>
    /// <param name="sharedAreas">The shared stores members map.</param>
    /// <param name="serviceStores">Stores owned by services, by share id (the service decides their content).</param>
    /// <exception cref="IpcImportException">The state is inconsistent; nothing was changed.</exception>
    public static IpcImport Apply(Microkernel kernel, IReadOnlyList<TaskIpcRecord> tasks, IReadOnlyList<CanonicalCall> calls,
                                  IReadOnlyList<SharedAreaRecord> sharedAreas, IReadOnlyDictionary<ulong, SharedPageStore>? serviceStores = null)
    {
        serviceStores ??= new Dictionary<ulong, SharedPageStore>();
        var validation = new IpcImportValidation(kernel, tasks, calls, sharedAreas, serviceStores);
        validation.Run();
        var import = new IpcImport(kernel);
        import.Rebuild(validation, tasks, calls, sharedAreas, serviceStores);
        return import;
    }

    /// <summary>Delivers the calls that were pending at services, each exactly once, in order.</summary>
    public void ResendToServices()
    {
        foreach (var call in _callsForServices)
        {
            _kernel.Ipc.Redeliver(call);
        }

        _callsForServices.Clear();
    }

    private void Rebuild(IpcImportValidation validation, IReadOnlyList<TaskIpcRecord> tasks, IReadOnlyList<CanonicalCall> calls,
                         IReadOnlyList<SharedAreaRecord> sharedAreas, IReadOnlyDictionary<ulong, SharedPageStore> serviceStores)
    {
        foreach (var record in tasks)
        {
            var task = validation.Members[record.TaskId];
            task.Ipc.ClearPhones();
            foreach (var phone in record.Phones)
            {
                var callee = Callee(validation, phone.Callee);
                var added = task.Ipc.AddPhoneWithId(phone.PhoneId, callee);
                if (phone.HungUp || phone.Callee.Kind == PeerKind.Outside)
                {
                    added.State = PhoneState.HungUp;
                }
                else
                {
                    callee.AddPhone(added);
                }
            }

            task.Ipc.NextPhoneId = record.NextPhoneId;
            task.Ipc.NextCallId = record.NextCallId;
            task.Ipc.Answerbox.NextReceiverCallId = record.NextReceiverCallId;
        }

        var queued = new List<(Answerbox Box, ulong Position, IpcCall Call)>();
        var answered = new List<(Answerbox Box, ulong Position, IpcCall Call)>();
        foreach (var record in calls)
        {
            var sender = validation.Members[record.SenderTaskId];
            var thread = record.SyncThreadId == 0 ? null : sender.FindThread(record.SyncThreadId);
            var call = new IpcCall(sender.Ipc.FindPhone(record.PhoneId)!, record.SenderCallId, Message(record.Request), thread,
                record.Flags.Contains(IpcExport.NotificationFlag))
            {
                ForwardCount = (int)record.ForwardCount,
            };
            RestoreTransfer(call, record.Transfer);
            if (!call.IsNotification)
            {
                sender.Ipc.AddOutgoing(call);
            }

            if (thread is not null)
            {
                thread.SyncCall = call;
            }

            switch (record.State)
            {
                case CallQueueState.Answered:
                    call.State = CallState.Answered;
                    call.Answer = Message(record.Answer!);
                    answered.Add((IpcExport.AnswerBox(call), record.QueuePosition, call));
                    break;
                case var _ when record.Receiver.Kind == PeerKind.Service:
                    call.Receiver = _kernel.FindService(record.Receiver.Id)!.Ipc.Answerbox;
                    _callsForServices.Add(call);
                    break;
                case CallQueueState.Queued:
                    queued.Add((validation.Members[record.Receiver.Id].Ipc.Answerbox, record.QueuePosition, call));
                    break;
                default:
                    validation.Members[record.Receiver.Id].Ipc.Answerbox.AddDispatched(call, record.ReceiverCallId);
                    break;
            }
        }

        foreach (var (box, _, call) in queued.OrderBy(entry => entry.Position))
        {
            box.Enqueue(call);
        }

        foreach (var (box, _, call) in answered.OrderBy(entry => entry.Position))
        {
            box.EnqueueAnswer(call);
        }

        foreach (var record in sharedAreas)
        {
            var participants = record.Participants.Where(p => p.Peer.Kind == PeerKind.Task)
                .Select(p => (Task: validation.Members[p.Peer.Id], Area: validation.Members[p.Peer.Id].AddressSpace.FindById(p.AreaId)!))
                .ToArray();
            var store = record.ServiceId != 0
                ? serviceStores[record.ShareId]
                : _kernel.SharedMemory.Recreate(record.ShareId, record.Size, record.Flags, 0, participants[0].Area.TakePages());
            foreach (var (task, area) in participants)
            {
                SharedMemory.Attach(store, task, area);
            }
        }
    }

    private Answerbox Callee(IpcImportValidation validation, PeerRef peer) => peer.Kind switch
    {
        PeerKind.Task => validation.Members[peer.Id].Ipc.Answerbox,
        PeerKind.Service => _kernel.FindService(peer.Id)!.Ipc.Answerbox,
        _ => Dummy(peer.Id).Ipc.Answerbox,
    };

    private KernelTask Dummy(ulong taskId)
    {
        if (!_dummies.TryGetValue(taskId, out var dummy))
        {
            dummy = new KernelTask(taskId, "outside", "outside", default, rngState: 0) { State = TaskState.Exited };
            dummy.Ipc.Answerbox.Close();
            _dummies.Add(taskId, dummy);
        }

        return dummy;
    }

    private static void RestoreTransfer(IpcCall call, CallTransfer? record)
    {
        if (record is null)
        {
            call.Transfer = null;
            return;
        }

        var transfer = new IpcTransfer(IpcTransfer.KindOf(record.Kind)!.Value, record.ClientAddress, record.Size)
        {
            ServerAddress = record.ServerAddress,
            Done = record.Done,
        };
        call.Transfer = transfer;
    }

    internal static IpcMessage Message(IReadOnlyList<ulong> words) => new(words[0], words[1], words[2], words[3], words[4], words[5]);
}
