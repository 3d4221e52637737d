using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Memory;
using KernelSim.Services;
using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// The checkpoint set the thesis' Algorithm 1 builds from the root tasks: complete (every user task a member
/// depends on is a member: the callees of its phones, the receivers of its unanswered calls, forwarded ones
/// included, the sender of a data transfer a member is copying, the tasks it shares memory with), minimal
/// (nothing unreachable from the roots) and made of checkpointable user tasks only. The native services the
/// members are connected to take part by cooperation; user tasks outside the set with connections or calls
/// into it are listed as outside tasks.
/// </summary>
internal sealed class CheckpointSet
{
    private readonly HashSet<ulong> _memberIds;

    private CheckpointSet(IReadOnlyList<ulong> roots, IReadOnlyList<KernelTask> members, IReadOnlyList<ServiceConnection> connections,
        IReadOnlyList<ulong> outside, IReadOnlyList<OutsidePhoneRecord> outsidePhones, IReadOnlyList<SharedPageStore> stores)
    {
        OutsidePhones = outsidePhones;
        Roots = roots;
        Members = members;
        Connections = connections;
        OutsideTaskIds = outside;
        Stores = stores;
        _memberIds = members.Select(task => task.Id).ToHashSet();
    }

    /// <summary>The tasks the checkpoint was asked for, in id order.</summary>
    public IReadOnlyList<ulong> Roots { get; }

    /// <summary>Checkpointable members, in task id order.</summary>
    public IReadOnlyList<KernelTask> Members { get; }

    /// <summary>Every connected phone of a member to a native service, by service, client and phone.</summary>
    public IReadOnlyList<ServiceConnection> Connections { get; }

    /// <summary>User tasks outside the set with phones into a member or calls queued at one (and the ends of members' hung-up phones), in id order.</summary>
    public IReadOnlyList<ulong> OutsideTaskIds { get; }

    /// <summary>Connected phones of outside user tasks into members, by (task, phone): restore hangs them up.</summary>
    public IReadOnlyList<OutsidePhoneRecord> OutsidePhones { get; }

    /// <summary>The shared page stores members map, in share id order.</summary>
    public IReadOnlyList<SharedPageStore> Stores { get; }

    /// <summary>
    /// True when anything beyond the members' own memory and threads must be carried: a member used IPC (more
    /// than the idle phone 0 it was born with) or maps shared memory. A set without it is written as format 1.0.
    /// </summary>
    public bool HasExternalState => Stores.Count > 0 || Members.Any(task => !task.Ipc.IsPristine);

    public bool IsMember(KernelTask task) => _memberIds.Contains(task.Id) && !task.IsNative;

    /// <summary>Algorithm 1 from <paramref name="roots"/> (live user tasks; the caller checked them).</summary>
    public static CheckpointSet Build(Microkernel kernel, IReadOnlyCollection<KernelTask> roots)
    {
        var members = new SortedDictionary<ulong, KernelTask>();
        var pending = new Queue<KernelTask>(roots.OrderBy(task => task.Id));
        while (pending.TryDequeue(out var task))
        {
            if (!members.TryAdd(task.Id, task))
            {
                continue;
            }

            foreach (var next in Dependencies(task))
            {
                if (!next.IsNative && next.State == TaskState.Active && !members.ContainsKey(next.Id))
                {
                    pending.Enqueue(next);
                }
            }
        }

        var set = members.Values.ToArray();
        var memberIds = members.Keys.ToHashSet();
        var connections = set
            .SelectMany(task => task.Ipc.Phones
                .Where(phone => phone.State == PhoneState.Connected && phone.Callee.Owner.IsNative)
                .Select(phone =>
                {
                    var serviceId = phone.Callee.Owner.Id - NativeTaskIds.Base;
                    return new ServiceConnection(serviceId, task.Id, phone.Id, CooperativeServices.Find(kernel, serviceId));
                }))
            .Order()
            .ToArray();
        // Outside: clients with phones or calls into a member, and the ends of members' hung-up phones that left the set.
        var outside = set
            .SelectMany(task => task.Ipc.Answerbox.ConnectedPhones.Select(phone => phone.Owner)
                .Concat(task.Ipc.Answerbox.Queued.Concat(task.Ipc.Answerbox.Dispatched).Select(call => call.Sender))
                .Concat(task.Ipc.Phones.Select(phone => phone.Callee.Owner)))
            .Where(owner => !owner.IsNative && !memberIds.Contains(owner.Id))
            .Select(owner => owner.Id)
            .Distinct()
            .Order()
            .ToArray();
        // Native services are not stood in for: they cooperate or are reconnected by the restorer, not hung up.
        var outsidePhones = set
            .SelectMany(task => task.Ipc.Answerbox.ConnectedPhones)
            .Where(phone => !phone.Owner.IsNative && !memberIds.Contains(phone.Owner.Id))
            .Select(phone => new OutsidePhoneRecord(phone.Owner.Id, phone.Id, new PeerRef(PeerKind.Task, phone.Callee.Owner.Id)))
            .OrderBy(phone => phone.TaskId)
            .ThenBy(phone => phone.PhoneId)
            .ToArray();
        var stores = set.SelectMany(task => task.AddressSpace.Areas)
            .Select(area => area.Store)
            .OfType<SharedPageStore>()
            .DistinctBy(store => store.ShareId)
            .OrderBy(store => store.ShareId)
            .ToArray();
        return new CheckpointSet(roots.Select(task => task.Id).Order().ToArray(), set, connections, outside, outsidePhones, stores);
    }

    /// <summary>The user tasks <paramref name="task"/>'s state depends on, so the set must hold them too.</summary>
    private static IEnumerable<KernelTask> Dependencies(KernelTask task)
    {
        foreach (var phone in task.Ipc.Phones.Where(phone => phone.State == PhoneState.Connected))
        {
            yield return phone.Callee.Owner;
        }

        // Unanswered calls wait at their current receiver: for a forwarded call that is the last server it went to.
        foreach (var call in task.Ipc.Outgoing.Where(call => call.State != CallState.Answered && call.Receiver is not null))
        {
            yield return call.Receiver!.Owner;
        }

        // A data transfer a member's thread is copying reads or writes its sender's memory: both sides go together.
        foreach (var thread in task.Threads.Where(thread => thread.TransferCall is not null))
        {
            yield return thread.TransferCall!.Sender;
        }

        // Memory shared only between tasks is one object: every task that maps it is in the set. Memory a
        // service owns stays with the service, which cooperates for it.
        foreach (var store in task.AddressSpace.Areas.Select(area => area.Store).OfType<SharedPageStore>().Where(store => store.OwnerServiceId == 0))
        {
            foreach (var mapping in store.Mappings)
            {
                yield return mapping.Task;
            }
        }
    }
}
