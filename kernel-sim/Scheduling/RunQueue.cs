using KernelSim.Kernel;

namespace KernelSim.Scheduling;

/// <summary>The round-robin run queue of ready threads, plus the thread currently on the CPU.</summary>
public sealed class RunQueue
{
    private readonly LinkedList<KernelThread> _ready = new();

    /// <summary>The thread on the CPU, which keeps it until its quantum ends, it blocks, yields or exits.</summary>
    public KernelThread? Current { get; private set; }

    /// <summary>Ready threads in the order they will run.</summary>
    public IEnumerable<KernelThread> Ready => _ready;

    public bool IsIdle => Current is null && _ready.Count == 0;

    public void Enqueue(KernelThread thread)
    {
        thread.State = SchedulingState.Ready;
        _ready.AddLast(thread);
    }

    /// <summary>Makes <paramref name="thread"/> the running thread directly (restore of a thread caught mid-quantum).</summary>
    public void SetCurrent(KernelThread thread)
    {
        if (Current is not null)
        {
            throw new InvalidOperationException("the CPU already has a running thread");
        }

        thread.State = SchedulingState.Running;
        Current = thread;
    }

    /// <summary>The thread to run this tick: the current one, or the head of the queue with a fresh quantum if it has none left.</summary>
    public KernelThread? Pick(uint quantum)
    {
        if (Current is null)
        {
            if (_ready.First is not { } head)
            {
                return null;
            }

            _ready.RemoveFirst();
            Current = head.Value;
            Current.State = SchedulingState.Running;
            if (Current.QuantumLeft == 0)
            {
                Current.QuantumLeft = quantum;
            }
        }

        return Current;
    }

    /// <summary>The current thread leaves the CPU and goes to the back of the queue (quantum end or yield).</summary>
    public void Requeue()
    {
        var thread = Current ?? throw new InvalidOperationException("no running thread");
        Current = null;
        thread.QuantumLeft = 0;
        Enqueue(thread);
    }

    /// <summary>The current thread leaves the CPU without being queued (it blocked or exited).</summary>
    public void Release()
    {
        if (Current is { } thread)
        {
            thread.QuantumLeft = 0;
        }

        Current = null;
    }

    /// <summary>Removes a thread wherever it is (kill, exit of its task).</summary>
    public void Remove(KernelThread thread)
    {
        if (ReferenceEquals(Current, thread))
        {
            Current = null;
        }
        else
        {
            _ready.Remove(thread);
        }
    }
}
