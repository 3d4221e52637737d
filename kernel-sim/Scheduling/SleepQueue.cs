using KernelSim.Kernel;

namespace KernelSim.Scheduling;

/// <summary>Threads blocked in sleep, ordered by deadline and then by the order they went to sleep.</summary>
public sealed class SleepQueue
{
    private readonly SortedSet<KernelThread> _sleepers = new(Comparer<KernelThread>.Create(Compare));

    public int Count => _sleepers.Count;

    public void Add(KernelThread thread)
    {
        if (thread.Wait is not { Reason: WaitReason.Sleep })
        {
            throw new ArgumentException("thread is not sleeping", nameof(thread));
        }

        _sleepers.Add(thread);
    }

    public bool Remove(KernelThread thread) => _sleepers.Remove(thread);

    /// <summary>Removes and returns, in wake order, every sleeper whose deadline is at or before <paramref name="now"/>.</summary>
    public List<KernelThread> TakeDue(ulong now)
    {
        var due = new List<KernelThread>();
        while (_sleepers.Min is { } first && first.Wait!.Deadline <= now)
        {
            _sleepers.Remove(first);
            due.Add(first);
        }

        return due;
    }

    private static int Compare(KernelThread? x, KernelThread? y)
    {
        var a = x!.Wait!;
        var b = y!.Wait!;
        var byDeadline = a.Deadline.CompareTo(b.Deadline);
        return byDeadline != 0 ? byDeadline : a.Sequence.CompareTo(b.Sequence);
    }
}
