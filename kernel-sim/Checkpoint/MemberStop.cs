using KernelSim.Kernel;
using Snapshot.Format.Kernels;

namespace KernelSim.Checkpoint;

/// <summary>
/// Stops the members of a checkpoint set while the checkpoint waits for cooperation: runnable threads leave the
/// run queue, blocked threads have their syscalls undone into restart frames (as a capture does), so no
/// instruction of a member runs and no event wakes one. <see cref="Resume"/> puts them back in the same order,
/// with sleeps continuing from the ticks they had left: for the members, the wait never happened.
/// </summary>
internal sealed class MemberStop
{
    private readonly Microkernel _kernel;
    private readonly KernelThread? _running;
    private readonly IReadOnlyList<KernelThread> _ready;
    private readonly IReadOnlyList<(KernelThread Thread, PendingSyscall Frame)> _blocked;

    private MemberStop(Microkernel kernel, KernelThread? running, IReadOnlyList<KernelThread> ready,
        IReadOnlyList<(KernelThread Thread, PendingSyscall Frame)> blocked)
    {
        _kernel = kernel;
        _running = running;
        _ready = ready;
        _blocked = blocked;
    }

    public static MemberStop Stop(Microkernel kernel, IReadOnlyCollection<KernelTask> members)
    {
        var set = new HashSet<KernelTask>(members);
        var running = kernel.RunQueue.Current is { } current && set.Contains(current.Task) ? current : null;
        var ready = kernel.RunQueue.Ready.Where(thread => set.Contains(thread.Task)).ToArray();
        var blocked = members.SelectMany(task => task.Threads).Where(thread => thread.Wait is not null)
            .OrderBy(thread => thread.Wait!.Sequence)
            .Select(thread => (thread, RestartFrame.Of(kernel, thread)))
            .ToArray();
        if (running is not null)
        {
            kernel.RunQueue.Remove(running);
        }

        foreach (var thread in ready)
        {
            kernel.RunQueue.Remove(thread);
        }

        foreach (var (thread, _) in blocked)
        {
            kernel.UndoBlockedSyscall(thread);
        }

        return new MemberStop(kernel, running, ready, blocked);
    }

    /// <summary>Puts every stopped thread back: the running one on the CPU when it is free, the ready ones queued in order, the blocked ones re-entered in the order they blocked.</summary>
    public void Resume()
    {
        if (_running is not null)
        {
            if (_kernel.RunQueue.Current is null && _running.QuantumLeft > 0)
            {
                _kernel.RunQueue.SetCurrent(_running);
            }
            else
            {
                _kernel.RunQueue.Enqueue(_running);
            }
        }

        foreach (var thread in _ready)
        {
            _kernel.RunQueue.Enqueue(thread);
        }

        foreach (var (thread, frame) in _blocked)
        {
            _kernel.Syscalls.Restart(thread, frame.Name, frame.Args);
        }
    }
}
