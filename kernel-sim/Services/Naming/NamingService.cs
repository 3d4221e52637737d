using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using Snapshot.Format;

namespace KernelSim.Services.Naming;

/// <summary>
/// The naming service (persistent service id 1; every user task's phone 0 is connected to it, HelenOS PHONE_NS).
/// <list type="bullet">
/// <item>IPC_M_CONNECT_TO_ME (arg1 = packed name): registers the caller under the name (EEXIST when a live server
/// has it, EINVAL for a bad name) and keeps a callback phone to it.</item>
/// <item>IPC_M_CONNECT_ME_TO (arg1 = packed name): forwarded to the registered server, which answers 0 to accept
/// (the kernel then gives the caller a phone); while nothing is registered under the name the call stays pending
/// (a connection attempt in flight) and is forwarded when a server registers.</item>
/// <item>IPC_M_SHARE_IN with arg3 = <see cref="TimeAreaChannel"/>: the read-only time area (<see cref="TimeArea"/>).</item>
/// </list>
/// During a checkpoint the checkpointer postpones the connection requests of the set's tasks
/// (<see cref="PostponeConnections"/>), and a connection whose task has an attempt forwarded and not yet answered
/// is not checkpointable until the server answers, unless the server is being checkpointed too
/// (<see cref="IsBetweenPostponed"/>). Exported connection state: <c>registered</c>, the names the
/// client registered (comma-separated, sorted).
/// </summary>
public sealed partial class NamingService : NativeService
{
    /// <summary>Most names registered at once.</summary>
    public const int MaxRegistrations = 256;

    private const string RegisteredKey = "registered";
    private static readonly IReadOnlySet<string> s_keys = new HashSet<string>(StringComparer.Ordinal) { RegisteredKey };

    private readonly SortedDictionary<string, NamingRegistration> _registrations = new(StringComparer.Ordinal);
    private readonly List<IpcCall> _waiting = [];
    private readonly List<IpcCall> _forwarded = [];
    private readonly SortedSet<ulong> _postponed = [];

    public NamingService()
        : base(ServiceIds.Naming, ServiceIds.NameOf(ServiceIds.Naming)!)
    {
    }

    /// <summary>Live registrations, by name.</summary>
    public IEnumerable<NamingRegistration> Registrations => _registrations.Values.Where(IsLive);

    /// <summary>Connect-me-to calls waiting for their name to be registered, in arrival order.</summary>
    public IReadOnlyList<IpcCall> WaitingConnections => _waiting;

    /// <summary>Connect-me-to calls forwarded to a server that has not answered yet (connection attempts in flight).</summary>
    public IEnumerable<IpcCall> ConnectionAttemptsInFlight => _forwarded.Where(call => call.State != CallState.Answered);

    /// <summary>Tasks whose new connection requests are postponed (a checkpoint of them is in progress).</summary>
    public IReadOnlyCollection<ulong> Postponed => _postponed;

    /// <summary>The live server registered under <paramref name="name"/>, or null.</summary>
    public NamingRegistration? Find(string name) => _registrations.TryGetValue(name, out var registration) && IsLive(registration) ? registration : null;

    /// <summary>
    /// From now on, connect-me-to calls from these tasks are held (fetched, not served) until
    /// <see cref="ResumeConnections"/>: the checkpoint set stays stable while it is taken.
    /// </summary>
    public void PostponeConnections(IEnumerable<ulong> taskIds)
    {
        foreach (var id in taskIds)
        {
            _postponed.Add(id);
        }
    }

    /// <summary>Ends the postponement; the held requests are served in arrival order.</summary>
    public void ResumeConnections()
    {
        _postponed.Clear();
        ServeReleased();
    }

    protected override IReadOnlySet<string> KnownKeys => s_keys;

    protected override bool IsHeld(IpcCall call) =>
        base.IsHeld(call) || (call.Request.Method == IpcMethods.ConnectMeTo && _postponed.Contains(call.Sender.Id));

    protected override bool IsCheckpointable(ConnectionKey connection) =>
        !ConnectionAttemptsInFlight.Any(call => call.Sender.Id == connection.TaskId && !IsBetweenPostponed(call));

    /// <summary>
    /// True when both ends of a connection attempt in flight are tasks being checkpointed: the forwarded
    /// CONNECT_ME_TO then waits at a member server and is captured with the set as a pending forwarded call, and
    /// the restored server's answer makes the kernel connect the restored client exactly as it would have.
    /// </summary>
    public bool IsBetweenPostponed(IpcCall attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return _postponed.Contains(attempt.Sender.Id) && attempt.Receiver?.Owner is { IsNative: false } server && _postponed.Contains(server.Id);
    }

    protected override void OnPump(NativeIpc ipc)
    {
        UpdateTimeArea(ipc);
        while (ipc.FetchAnswer() is not null)
        {
            // Answers to the service's own calls (none today) carry nothing to act on.
        }
    }

    protected override void Poll(NativeIpc ipc) => _forwarded.RemoveAll(call => call.State == CallState.Answered);

    protected override void Serve(NativeIpc ipc, IpcCall call)
    {
        switch (call.Request.Method)
        {
            case IpcMethods.ConnectToMe:
                Register(ipc, call);
                break;
            case IpcMethods.ConnectMeTo:
                Connect(ipc, call);
                break;
            case IpcMethods.ShareIn when call.Request.Arg3 == TimeAreaChannel:
                ShareTimeArea(ipc, call);
                break;
            default:
                Reply(ipc, call, (long)SyscallError.Invalid);
                break;
        }
    }

    protected override IEnumerable<ConnectionEntry> Export(ConnectionKey connection)
    {
        var names = Registrations.Where(registration => registration.ServerTaskId == connection.TaskId).Select(registration => registration.Name);
        yield return new ConnectionEntry(RegisteredKey, string.Join(',', names));
    }

    protected override string? Import(ConnectionKey connection, IReadOnlyDictionary<string, string> state)
    {
        if (!state.TryGetValue(RegisteredKey, out var text) || text.Length == 0)
        {
            return null;
        }

        var names = text.Split(',');
        foreach (var name in names)
        {
            if (!IsValidName(name))
            {
                return $"naming connection state registers '{name}', which is not a service name";
            }

            if (Find(name) is { } existing && existing.ServerTaskId != connection.TaskId)
            {
                return $"duplicate server: '{name}' is already registered by task {existing.ServerTaskId}";
            }
        }

        if (Ipc.Kernel.FindTask(connection.TaskId) is not { State: TaskState.Active } server)
        {
            return $"task {connection.TaskId} does not exist, so it cannot register {text}";
        }

        foreach (var name in names.Where(name => Find(name) is null))
        {
            _registrations[name] = new NamingRegistration(name, server.Id, CallbackPhone.Connect(Ipc.Task, server));
        }

        return null;
    }

    protected override void Disconnected(ConnectionKey connection)
    {
        if (Ipc.Kernel.FindTask(connection.TaskId) is { State: TaskState.Active })
        {
            return;
        }

        // The task is gone: its connection requests waiting for a server end here.
        _postponed.Remove(connection.TaskId);
        foreach (var call in _waiting.Where(call => call.Sender.Id == connection.TaskId).ToArray())
        {
            _waiting.Remove(call);
            Reply(Ipc, call, (long)SyscallError.HangUp);
        }
    }

    private void Register(NativeIpc ipc, IpcCall call)
    {
        if (!PackedName.TryUnpack(call.Request.Arg1, out var name) || !IsValidName(name))
        {
            Reply(ipc, call, (long)SyscallError.Invalid);
            return;
        }

        if (Find(name) is not null)
        {
            Reply(ipc, call, (long)SyscallError.Exists);
            return;
        }

        _registrations.Remove(name); // a dead server's registration
        if (_registrations.Count >= MaxRegistrations)
        {
            Reply(ipc, call, (long)SyscallError.Again);
            return;
        }

        var phone = ipc.ConnectCallback(call);
        _registrations.Add(name, new NamingRegistration(name, call.Sender.Id, phone));
        Reply(ipc, call, 0);
        foreach (var waiting in _waiting.Where(waiting => waiting.Request.Arg1 == call.Request.Arg1).ToArray())
        {
            _waiting.Remove(waiting);
            ForwardTo(ipc, waiting, _registrations[name]);
        }
    }

    private void Connect(NativeIpc ipc, IpcCall call)
    {
        if (!PackedName.TryUnpack(call.Request.Arg1, out var name) || !IsValidName(name))
        {
            Reply(ipc, call, (long)SyscallError.Invalid);
            return;
        }

        if (Find(name) is { } server)
        {
            ForwardTo(ipc, call, server);
        }
        else
        {
            _waiting.Add(call);
        }
    }

    private void ForwardTo(NativeIpc ipc, IpcCall call, NamingRegistration server)
    {
        if (ipc.Forward(call, server.CallbackPhoneId, IpcMethods.ConnectMeTo, call.Request.Arg1) == 0)
        {
            _forwarded.Add(call);
        }
    }

    private bool IsLive(NamingRegistration registration) =>
        Ipc.Task.Ipc.FindPhone(registration.CallbackPhoneId) is { State: PhoneState.Connected };

    private static bool IsValidName(string name) => name.Length is > 0 and <= PackedName.MaxLength && name.All(c => c is >= '!' and <= '~' && c != ',');
}
