using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Services;
using KernelSim.Services.Naming;
using KernelSim.Services.Vfs;
using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// Lazy cooperation for one checkpoint (thesis, chapter 4). First the set is made stable: connection attempts of
/// members already in flight to a server outside the set are waited for (everything runs meanwhile, so this only
/// moves the checkpoint later; an attempt whose server is a member is simply captured as its pending forwarded
/// call), then the naming service postpones the members' new connection requests. Then every connection of a member
/// to a service is asked CHKPNT_REQUEST once per tick until all say yes or the timeout passes; while the
/// checkpoint waits, the members are stopped. The image is taken at the tick the last one said yes;
/// <see cref="End"/> sends CHKPNT_END and lets the naming service serve the postponed requests.
/// </summary>
internal sealed class Cooperation
{
    private readonly Microkernel _kernel;
    private readonly NamingService? _naming;
    private readonly List<ServiceConnection> _frozen = [];
    private bool _ended;

    private Cooperation(Microkernel kernel, NamingService? naming, CheckpointSet set)
    {
        _kernel = kernel;
        _naming = naming;
        Set = set;
    }

    /// <summary>The set as it stood when the image was taken.</summary>
    public CheckpointSet Set { get; private set; }

    /// <summary>Ticks the checkpoint waited (stabilizing and cooperating).</summary>
    public ulong WaitedTicks { get; private set; }

    /// <summary>Connections whose service did not cooperate in time (resume error policy only).</summary>
    public IReadOnlyList<ServiceConnection> NotCooperated { get; private set; } = [];

    /// <summary>CHKPNT_INIT of every cooperating connection, by service, client and phone.</summary>
    public IReadOnlyList<ConnectionRecord> Exported { get; private set; } = [];

    /// <summary>Runs the cooperation; on cancel every service is released and every member runs on before the exception.</summary>
    /// <exception cref="CheckpointCancelledException">Under the cancel policy, a service did not cooperate within the timeout.</exception>
    public static Cooperation Run(Microkernel kernel, IReadOnlyList<ulong> rootIds, CheckpointRequest request)
    {
        var naming = StandardServices.Find<NamingService>(kernel, ServiceIds.Naming);
        var cooperation = new Cooperation(kernel, naming, CheckpointSet.Build(kernel, Roots(kernel, rootIds)));
        try
        {
            cooperation.Stabilize(rootIds, request);
            cooperation.Negotiate(request);
            cooperation.Export();
            return cooperation;
        }
        catch
        {
            cooperation.End();
            throw;
        }
    }

    /// <summary>CHKPNT_END on every connection that said yes, and the postponed connection requests are served.</summary>
    public void End()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        foreach (var connection in _frozen)
        {
            connection.Service!.EndCheckpoint(connection.ClientTaskId, connection.PhoneId);
        }

        _naming?.ResumeConnections();
        _kernel.PumpNativeTasks();
    }

    private ulong Deadline(CheckpointRequest request) => WaitedTicks >= request.TimeoutTicks ? 0 : request.TimeoutTicks - WaitedTicks;

    /// <summary>
    /// Stable: no connection attempt of a member in flight, and from then on no new connections from members.
    /// Attempts are waited for with nothing postponed yet: the server answering one may itself need a new
    /// connection (to print its answer, say), and postponing that would wait forever.
    /// </summary>
    private void Stabilize(IReadOnlyList<ulong> rootIds, CheckpointRequest request)
    {
        while (true)
        {
            // An attempt forwarded to a server that is itself a member is captured as a pending forwarded call
            // (CONNECT_ME_TO at the server); only attempts at servers outside the set are waited for.
            var inFlight = _naming?.ConnectionAttemptsInFlight.FirstOrDefault(call => Set.IsMember(call.Sender) && !WaitsAtMember(call));
            if (inFlight is null)
            {
                _naming?.PostponeConnections(Set.Members.Select(task => task.Id));
                return;
            }

            if (Deadline(request) == 0)
            {
                throw new CheckpointCancelledException(
                    $"checkpoint cancelled: the connection attempt of task {inFlight.Sender.Id} (phone {inFlight.Phone.Id} to the naming service) " +
                    $"was not answered within {request.TimeoutTicks} ticks, so the set never became stable; nothing was written");
            }

            _kernel.Tick();
            WaitedTicks++;
            Set = CheckpointSet.Build(_kernel, Roots(_kernel, rootIds));
        }
    }

    private bool WaitsAtMember(IpcCall attempt) => attempt.Receiver?.Owner is { } server && Set.IsMember(server);

    private void Negotiate(CheckpointRequest request)
    {
        var asking = new List<ServiceConnection>(Set.Connections);
        MemberStop? stop = null;
        try
        {
            while (true)
            {
                foreach (var connection in asking.ToArray())
                {
                    if (connection.Service is { } service && service.RequestCheckpoint(connection.ClientTaskId, connection.PhoneId))
                    {
                        asking.Remove(connection);
                        _frozen.Add(connection);
                    }
                }

                if (asking.Count == 0)
                {
                    return;
                }

                if (Deadline(request) == 0)
                {
                    if (request.ErrorPolicy == CheckpointErrorPolicy.Resume)
                    {
                        NotCooperated = asking.ToArray();
                        return;
                    }

                    var first = asking[0];
                    throw new CheckpointCancelledException(
                        $"checkpoint cancelled: {first} did not cooperate within {request.TimeoutTicks} ticks; nothing was written " +
                        "(with --err-resume the connection is recorded as not cooperated and hung up at restore)");
                }

                stop ??= MemberStop.Stop(_kernel, Set.Members);
                _kernel.Tick();
                WaitedTicks++;
            }
        }
        finally
        {
            stop?.Resume();
        }
    }

    private void Export()
    {
        Exported = _frozen
            .Select(connection => connection.Service!.ExportConnection(connection.ClientTaskId, connection.PhoneId))
            .OrderBy(record => (record.ServiceId, record.ClientTaskId, record.PhoneId))
            .ToArray();
    }

    /// <summary>The open files of every member whose connection to the VFS cooperated, under <paramref name="policy"/>.</summary>
    public IReadOnlyList<TaskFilesRecord> Files(FilePolicy policy)
    {
        if (StandardServices.Find<VfsService>(_kernel, ServiceIds.Vfs) is not { } vfs)
        {
            return [];
        }

        var cooperated = _frozen.Where(connection => connection.ServiceId == ServiceIds.Vfs).Select(connection => connection.ClientTaskId).ToHashSet();
        return Set.Members.Where(task => cooperated.Contains(task.Id))
            .Select(task => vfs.ExportFiles(task.Id, policy))
            .OfType<TaskFilesRecord>()
            .ToArray();
    }

    /// <summary>The services of the set (connected to or owning shared memory), with whether all their connections cooperated.</summary>
    public IReadOnlyList<ServiceMember> Services()
    {
        var ids = Set.Connections.Select(connection => connection.ServiceId)
            .Concat(Set.Stores.Select(store => store.OwnerServiceId).Where(id => id != 0))
            .Distinct()
            .Order();
        var failed = NotCooperated.Select(connection => connection.ServiceId).ToHashSet();
        return ids.Select(id => new ServiceMember(id, CooperativeServices.Find(_kernel, id)?.Name ?? ServiceIds.NameOf(id) ?? $"service-{id}", !failed.Contains(id)))
            .ToArray();
    }

    private static KernelTask[] Roots(Microkernel kernel, IReadOnlyList<ulong> rootIds) =>
        rootIds.Select(id => kernel.FindTask(id) is { State: TaskState.Active, IsNative: false } task
            ? task
            : throw new CheckpointCancelledException($"checkpoint cancelled: task {id} exited while the checkpoint waited for the set to become stable; nothing was written"))
            .ToArray();
}
