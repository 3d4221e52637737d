using KernelSim.Kernel;
using KernelSim.Machine;
using Snapshot.Format.Kernels;

namespace KernelSim.Checkpoint;

/// <summary>
/// The build-independent state of a task stopped at a consistent point: between ticks every thread is
/// either runnable in user mode (stop site "preempt") or blocked in a restartable syscall, which the
/// capture undoes into a restart frame (stop site "syscall_restart").
/// </summary>
public sealed record TaskCapture(CanonicalTask Task, IReadOnlyList<CanonicalThread> Threads)
{
    public const string PreemptSite = "preempt";
    public const string SyscallRestartSite = "syscall_restart";

    // The canonical state and flag names both sides use: the capture writes them, a restore checks them.
    public const string ActiveState = "active";
    public const string CheckpointedFlag = "checkpointed";
    public const string RestoredFlag = "restored";
    public const string UserSpaceFlag = "uspace";
    public const string RestartFlag = "restart";
    public const string MainFlag = "main";

    /// <summary>Captures <paramref name="task"/> as it is now. Reads kernel state only; it changes nothing.</summary>
    internal static TaskCapture Of(Microkernel kernel, KernelTask task) => Of(kernel, task, ThreadOrder.Of(kernel, [task]));

    /// <summary>
    /// Captures <paramref name="task"/> with ranks from <paramref name="order"/>, the order of every thread of the
    /// checkpoint set: a restore of several tasks interleaves their threads on the CPU and in the wait queues as
    /// they were. Reads kernel state only.
    /// </summary>
    internal static TaskCapture Of(Microkernel kernel, KernelTask task, ThreadOrder order)
    {
        var threads = new List<CanonicalThread>();
        foreach (var thread in task.Threads)
        {
            if (thread.Wait is not null)
            {
                threads.Add(Restarted(kernel, thread, order.RankOf(thread)));
            }
            else if (thread.State is SchedulingState.Ready or SchedulingState.Running)
            {
                threads.Add(Runnable(thread, order.RankOf(thread)));
            }
        }

        if (threads.Count != task.ThreadCount)
        {
            throw new InvalidOperationException($"{task} has threads that are neither runnable nor blocked in a restartable syscall");
        }

        threads.Sort((a, b) => a.ThreadId.CompareTo(b.ThreadId));
        var flags = new SortedSet<string>(StringComparer.Ordinal) { CheckpointedFlag };
        if (task.IsRestored)
        {
            flags.Add(RestoredFlag);
        }

        var canonicalTask = new CanonicalTask(task.Id, ActiveState, flags, task.NextThreadId, task.NextAreaId,
            (uint)task.ThreadCount, (uint)task.AddressSpace.Count, task.HeapCursor, task.RngState);
        return new TaskCapture(canonicalTask, threads);
    }

    private static CanonicalThread Runnable(KernelThread thread, uint rank) =>
        new(thread.Id,
            thread.State == SchedulingState.Running ? ThreadRunState.Running : ThreadRunState.Ready,
            ThreadFlags(thread, UserSpaceFlag),
            thread.QuantumLeft,
            rank,
            thread.StackAreaId,
            PreemptSite,
            Registers(thread.Registers),
            Syscall: null);

    // Undone into a restart frame; the rank is the order it blocked in, which is the order a restore re-enters
    // the syscalls (sleep ties and futex queue order depend on it).
    private static CanonicalThread Restarted(Microkernel kernel, KernelThread thread, uint rank) =>
        new(thread.Id, ThreadRunState.Blocked, ThreadFlags(thread, RestartFlag), 0, rank,
            thread.StackAreaId, SyscallRestartSite, Registers(thread.Registers), RestartFrame.Of(kernel, thread));

    private static SortedSet<string> ThreadFlags(KernelThread thread, string stopFlag)
    {
        var flags = new SortedSet<string>(StringComparer.Ordinal) { stopFlag };
        if (thread.IsMain)
        {
            flags.Add(MainFlag);
        }

        return flags;
    }

    private static UserRegisters Registers(RegisterFile registers) =>
        new(registers.R.ToArray(), registers.Pc, registers.Sp, registers.Flags, registers.Tls);
}
