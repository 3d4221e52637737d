using KernelSim.Ipc;
using KernelSim.Kernel;
using Snapshot.Format;

namespace KernelSim.Services;

/// <summary>
/// What the four native services share: fetching their calls, lazy cooperation per connection (a connection
/// under checkpoint is frozen: its new calls are held and none of its pending calls is answered until the
/// checkpoint ends, then the held calls are served in arrival order), and the hang-up notice. A service
/// implements <see cref="Serve"/> for one call and, if it keeps calls pending, <see cref="Poll"/>.
/// </summary>
public abstract class NativeService : ICooperativeService
{
    private readonly SortedSet<ConnectionKey> _frozen = [];
    private readonly List<IpcCall> _held = [];
    private NativeIpc? _ipc;

    protected NativeService(ulong serviceId, string name)
    {
        ServiceId = serviceId;
        Name = name;
    }

    public ulong ServiceId { get; }

    public string Name { get; }

    public bool IsUncooperative { get; set; }

    /// <summary>Connections under checkpoint, in order.</summary>
    public IReadOnlyCollection<ConnectionKey> Frozen => _frozen;

    /// <summary>The kernel's IPC view of this service; available once the kernel pumped it (it does so every tick).</summary>
    protected NativeIpc Ipc => _ipc ?? throw new InvalidOperationException($"service {Name} has not been pumped yet");

    public void Pump(NativeIpc ipc)
    {
        _ipc = ipc;
        OnPump(ipc);
        ServeReleased();
        while (ipc.Fetch() is { } call)
        {
            if (IsHeld(call))
            {
                _held.Add(call);
            }
            else
            {
                Dispatch(call);
            }
        }

        Poll(ipc);
    }

    /// <inheritdoc cref="INativeTask.NextWakeUp"/>
    public virtual ulong? NextWakeUp(ulong now) => null;

    public bool RequestCheckpoint(ulong clientTaskId, ulong phoneId)
    {
        var key = new ConnectionKey(clientTaskId, phoneId);
        if (IsUncooperative || !IsCheckpointable(key))
        {
            return false;
        }

        _frozen.Add(key);
        return true;
    }

    public ConnectionRecord ExportConnection(ulong clientTaskId, ulong phoneId)
    {
        var entries = Export(new ConnectionKey(clientTaskId, phoneId))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .ToArray();
        return new ConnectionRecord(ServiceId, clientTaskId, phoneId, StateVersion, entries);
    }

    public void EndCheckpoint(ulong clientTaskId, ulong phoneId)
    {
        if (_frozen.Remove(new ConnectionKey(clientTaskId, phoneId)) && _ipc is not null)
        {
            ServeReleased();
            Poll(_ipc);
        }
    }

    public string? ImportConnection(ulong clientTaskId, ulong phoneId, ConnectionRecord state)
    {
        if (state.ServiceId != ServiceId)
        {
            return $"the state of a connection to service {state.ServiceId} cannot be imported by service {ServiceId} ({Name})";
        }

        if (state.StateVersion != StateVersion)
        {
            return $"service {Name} knows connection state version {StateVersion}, not {state.StateVersion}";
        }

        var known = KnownKeys;
        if (state.State.FirstOrDefault(entry => !known.Contains(entry.Key)) is { } unknown)
        {
            return $"service {Name} has no connection state '{unknown.Key}'";
        }

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in state.State)
        {
            if (!values.TryAdd(entry.Key, entry.Value))
            {
                return $"connection state '{entry.Key}' of service {Name} appears twice";
            }
        }

        return Import(new ConnectionKey(clientTaskId, phoneId), values);
    }

    public virtual void EndRestore(ulong clientTaskId, ulong phoneId)
    {
    }

    /// <summary>The version of the exported connection state.</summary>
    protected virtual uint StateVersion => 1;

    /// <summary>Every key <see cref="Export"/> may produce (an import with another key is refused).</summary>
    protected abstract IReadOnlySet<string> KnownKeys { get; }

    /// <summary>Serves one call (answers it now or keeps it pending for <see cref="Poll"/>).</summary>
    protected abstract void Serve(NativeIpc ipc, IpcCall call);

    /// <summary>The connection's state for CHKPNT_INIT (any order: the base sorts by key).</summary>
    protected abstract IEnumerable<ConnectionEntry> Export(ConnectionKey connection);

    /// <summary>Takes the exported state into a restored connection; an error text, or null.</summary>
    protected abstract string? Import(ConnectionKey connection, IReadOnlyDictionary<string, string> state);

    /// <summary>A client hung up this connection (or its task ended): drop what the service kept for it.</summary>
    protected virtual void Disconnected(ConnectionKey connection)
    {
    }

    /// <summary>Whether the connection can be frozen now (CHKPNT_REQUEST); true unless the service says otherwise.</summary>
    protected virtual bool IsCheckpointable(ConnectionKey connection) => true;

    /// <summary>Whether a call must wait (its connection is frozen); a service may hold more (the naming service's postponed connections).</summary>
    protected virtual bool IsHeld(IpcCall call) => _frozen.Contains(ConnectionKey.Of(call));

    /// <summary>Work at each pump before calls are fetched (the naming service's time area).</summary>
    protected virtual void OnPump(NativeIpc ipc)
    {
    }

    /// <summary>Serves pending calls that can now proceed (console input arrived, a server registered).</summary>
    protected virtual void Poll(NativeIpc ipc)
    {
    }

    protected bool IsFrozen(ConnectionKey connection) => _frozen.Contains(connection);

    /// <summary>Answers with a return value only.</summary>
    protected static void Reply(NativeIpc ipc, IpcCall call, long result) => ipc.Answer(call, IpcMessage.Error(result));

    /// <summary>Serves held calls that may run now, in arrival order.</summary>
    protected void ServeReleased()
    {
        if (_ipc is null)
        {
            return;
        }

        for (var i = 0; i < _held.Count;)
        {
            var call = _held[i];
            if (IsHeld(call))
            {
                i++;
                continue;
            }

            _held.RemoveAt(i);
            Dispatch(call);
        }
    }

    private void Dispatch(IpcCall call)
    {
        if (call.Request.Method == IpcMethods.PhoneHungUp)
        {
            Disconnected(ConnectionKey.Of(call));
            Ipc.Answer(call, IpcMessage.Error(0));
            return;
        }

        Serve(Ipc, call);
    }
}
