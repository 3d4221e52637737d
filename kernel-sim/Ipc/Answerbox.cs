using KernelSim.Kernel;

namespace KernelSim.Ipc;

/// <summary>
/// A task's (or, for synchronous calls, a thread's private) answerbox: incoming calls not yet
/// fetched, calls fetched and not yet answered, answers not yet fetched, and the threads waiting
/// in ipc_wait. Every queue is first-in first-out, so delivery order is a function of the schedule.
/// </summary>
public sealed class Answerbox
{
    private readonly List<IpcCall> _queued = [];
    private readonly SortedDictionary<ulong, IpcCall> _dispatched = new();
    private readonly Queue<IpcCall> _answers = new();
    private readonly List<KernelThread> _waiters = [];
    private readonly List<Phone> _connectedPhones = [];

    internal Answerbox(KernelTask owner, KernelThread? privateTo)
    {
        Owner = owner;
        PrivateTo = privateTo;
    }

    public KernelTask Owner { get; }

    /// <summary>The thread whose private answerbox this is (synchronous calls), or null for the task's answerbox.</summary>
    public KernelThread? PrivateTo { get; }

    /// <summary>The next receiver-side call id this box hands out.</summary>
    public ulong NextReceiverCallId { get; internal set; } = 1;

    /// <summary>False once the owner task has ended: calls to it are answered with EHANGUP at once.</summary>
    public bool IsOpen { get; internal set; } = true;

    /// <summary>Incoming calls in arrival order, not yet fetched.</summary>
    public IReadOnlyList<IpcCall> Queued => _queued;

    /// <summary>Fetched and unanswered calls, by receiver-side id.</summary>
    public IEnumerable<IpcCall> Dispatched => _dispatched.Values;

    /// <summary>Answers waiting to be fetched, in arrival order.</summary>
    public IEnumerable<IpcCall> Answers => _answers;

    /// <summary>Phones whose calls come here (in connection order).</summary>
    public IReadOnlyList<Phone> ConnectedPhones => _connectedPhones;

    internal bool HasEvent => _answers.Count > 0 || _queued.Count > 0;

    internal bool HasWaiter => _waiters.Count > 0;

    internal void Enqueue(IpcCall call)
    {
        call.Receiver = this;
        call.State = CallState.Queued;
        call.ReceiverCallId = 0;
        _queued.Add(call);
    }

    internal void EnqueueAnswer(IpcCall call) => _answers.Enqueue(call);

    internal IpcCall? PeekAnswer() => _answers.Count > 0 ? _answers.Peek() : null;

    internal IpcCall TakeAnswer() => _answers.Dequeue();

    internal IpcCall? PeekQueued() => _queued.Count > 0 ? _queued[0] : null;

    /// <summary>Moves the oldest queued call to the dispatched set under a fresh receiver-side id.</summary>
    internal IpcCall Dispatch()
    {
        var call = _queued[0];
        _queued.RemoveAt(0);
        call.State = CallState.Dispatched;
        call.ReceiverCallId = NextReceiverCallId++;
        _dispatched.Add(call.ReceiverCallId, call);
        return call;
    }

    internal IpcCall? FindDispatched(ulong receiverCallId) => _dispatched.GetValueOrDefault(receiverCallId);

    internal bool TryTakeDispatched(ulong receiverCallId, out IpcCall call) => _dispatched.Remove(receiverCallId, out call!);

    /// <summary>Removes and returns the queued calls sent over <paramref name="phone"/>, in arrival order.</summary>
    internal List<IpcCall> TakeQueuedFrom(Phone phone)
    {
        var taken = _queued.Where(call => ReferenceEquals(call.Phone, phone)).ToList();
        _queued.RemoveAll(call => ReferenceEquals(call.Phone, phone));
        return taken;
    }

    /// <summary>Empties the box for good (its task ended): the unanswered calls, queued first, then dispatched.</summary>
    internal List<IpcCall> Close()
    {
        IsOpen = false;
        var unanswered = _queued.Concat(_dispatched.Values).ToList();
        _queued.Clear();
        _dispatched.Clear();
        _answers.Clear();
        _waiters.Clear();
        return unanswered;
    }

    internal void AddWaiter(KernelThread thread) => _waiters.Add(thread);

    internal KernelThread TakeWaiter()
    {
        var thread = _waiters[0];
        _waiters.RemoveAt(0);
        return thread;
    }

    internal void RemoveWaiter(KernelThread thread) => _waiters.Remove(thread);

    internal void AddPhone(Phone phone) => _connectedPhones.Add(phone);

    internal void RemovePhone(Phone phone) => _connectedPhones.Remove(phone);
}
