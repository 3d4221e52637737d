using KernelSim.Kernel;

namespace KernelSim.Scheduling;

/// <summary>
/// Kernel futex wait queues keyed by (task, user address). A queue exists only while a thread waits on
/// it: created by the first waiter, dropped when the last one leaves, as in Linux and HelenOS.
/// </summary>
public sealed class FutexTable
{
    // Only looked up by key, never enumerated, so dictionary order cannot leak into behaviour.
    private readonly Dictionary<(ulong TaskId, ulong Address), LinkedList<KernelThread>> _queues = new();

    /// <summary>Number of wait queues that currently exist.</summary>
    public int QueueCount => _queues.Count;

    public void Enqueue(KernelThread thread, ulong address)
    {
        var key = (thread.Task.Id, address);
        if (!_queues.TryGetValue(key, out var queue))
        {
            queue = new LinkedList<KernelThread>();
            _queues.Add(key, queue);
        }

        queue.AddLast(thread);
    }

    /// <summary>Dequeues up to <paramref name="count"/> waiters in FIFO order.</summary>
    public List<KernelThread> Wake(ulong taskId, ulong address, ulong count)
    {
        var woken = new List<KernelThread>();
        if (!_queues.TryGetValue((taskId, address), out var queue))
        {
            return woken;
        }

        while (woken.Count < (long)Math.Min(count, int.MaxValue) && queue.First is { } first)
        {
            queue.RemoveFirst();
            woken.Add(first.Value);
        }

        DropIfEmpty((taskId, address), queue);
        return woken;
    }

    public void Remove(KernelThread thread, ulong address)
    {
        var key = (thread.Task.Id, address);
        if (_queues.TryGetValue(key, out var queue))
        {
            queue.Remove(thread);
            DropIfEmpty(key, queue);
        }
    }

    /// <summary>Number of threads waiting on (task, address).</summary>
    public int WaiterCount(ulong taskId, ulong address) =>
        _queues.TryGetValue((taskId, address), out var queue) ? queue.Count : 0;

    private void DropIfEmpty((ulong, ulong) key, LinkedList<KernelThread> queue)
    {
        if (queue.Count == 0)
        {
            _queues.Remove(key);
        }
    }
}
