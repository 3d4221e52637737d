using System.Globalization;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using Snapshot.Format;

namespace KernelSim.Services.Console;

/// <summary>
/// The console (persistent service id 3). Writes go to the kernel console log, the same log SYS_WRITE appends
/// to, under the client's task id. Reads take the next byte of the scripted input (<see cref="Input"/>) through
/// the client task's own cursor; a read with no input yet stays pending (dispatched, unanswered) and is answered
/// when input arrives, in the order the reads came. Input is not echoed. Exported connection state:
/// <c>read_position</c>, the client's cursor.
/// </summary>
public sealed class ConsoleService : NativeService
{
    private const string ReadPositionKey = "read_position";
    private static readonly IReadOnlySet<string> s_keys = new HashSet<string>(StringComparer.Ordinal) { ReadPositionKey };

    private readonly SortedDictionary<ulong, int> _cursors = new();
    private readonly List<IpcCall> _pendingReads = [];

    public ConsoleService()
        : base(ServiceIds.Console, ServiceIds.NameOf(ServiceIds.Console)!)
    {
    }

    /// <summary>The input script (scenario steps <c>input "text"</c> and <c>input at TICK "text"</c> add to it).</summary>
    public ScriptedInput Input { get; } = new();

    /// <summary>Read calls waiting for input, in arrival order.</summary>
    public IReadOnlyList<IpcCall> PendingReads => _pendingReads;

    /// <summary>How many input bytes task <paramref name="taskId"/> has read.</summary>
    public int ReadPosition(ulong taskId) => _cursors.GetValueOrDefault(taskId);

    protected override IReadOnlySet<string> KnownKeys => s_keys;

    protected override void Serve(NativeIpc ipc, IpcCall call)
    {
        switch (call.Request.Method)
        {
            case IpcMethods.ConnectMeTo:
                Reply(ipc, call, 0);
                break;
            case ConsoleMethods.Write:
                Reply(ipc, call, Write(ipc, call));
                break;
            case ConsoleMethods.Read when call.Request.Arg1 == 1:
                _pendingReads.Add(call);
                break;
            default:
                Reply(ipc, call, (long)SyscallError.Invalid);
                break;
        }
    }

    protected override void Poll(NativeIpc ipc)
    {
        var available = Input.AvailableAt(ipc.Now);
        for (var i = 0; i < _pendingReads.Count;)
        {
            var call = _pendingReads[i];
            var client = call.Sender.Id;
            var cursor = _cursors.GetValueOrDefault(client);
            if (IsFrozen(ConnectionKey.Of(call)) || cursor >= available)
            {
                i++;
                continue;
            }

            _pendingReads.RemoveAt(i);
            _cursors[client] = cursor + 1;
            Reply(ipc, call, Input[cursor]);
        }
    }

    /// <summary>
    /// A pending read is answered, without any other event, at the tick its client's next input byte is released:
    /// the earliest such tick over the pending reads (not before <paramref name="now"/>), or null.
    /// </summary>
    public override ulong? NextWakeUp(ulong now) =>
        _pendingReads
            .Select(call => Input.ReleaseTickOf(_cursors.GetValueOrDefault(call.Sender.Id)))
            .Where(tick => tick is not null)
            .Select(tick => Math.Max(tick!.Value, now))
            .Select(tick => (ulong?)tick)
            .Min();

    protected override IEnumerable<ConnectionEntry> Export(ConnectionKey connection)
    {
        yield return new ConnectionEntry(ReadPositionKey, ReadPosition(connection.TaskId).ToString(CultureInfo.InvariantCulture));
    }

    protected override string? Import(ConnectionKey connection, IReadOnlyDictionary<string, string> state)
    {
        if (!state.TryGetValue(ReadPositionKey, out var text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position > ScriptedInput.MaxLength)
        {
            return $"console connection state read_position '{text}' is not an input position";
        }

        _cursors[connection.TaskId] = position;
        return null;
    }

    protected override void Disconnected(ConnectionKey connection)
    {
        // Reads pending over the hung-up phone end with EHANGUP; the cursor goes only with the task.
        var gone = Ipc.Kernel.FindTask(connection.TaskId) is not { State: TaskState.Active };
        foreach (var call in _pendingReads.Where(call => gone ? call.Sender.Id == connection.TaskId : ConnectionKey.Of(call) == connection).ToArray())
        {
            _pendingReads.Remove(call);
            Reply(Ipc, call, (long)SyscallError.HangUp);
        }

        if (gone)
        {
            _cursors.Remove(connection.TaskId);
        }
    }

    private static long Write(NativeIpc ipc, IpcCall call)
    {
        var bytes = new byte[(int)Math.Min(call.Request.Arg2, KernelLimits.MaxWriteLength)];
        if (!ipc.ReadClient(call, call.Request.Arg1, bytes))
        {
            return (long)SyscallError.Fault;
        }

        ipc.Console.Append(call.Sender.Id, bytes);
        return bytes.Length;
    }
}
