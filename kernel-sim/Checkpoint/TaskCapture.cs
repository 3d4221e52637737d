using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Syscalls;
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
    internal static TaskCapture Of(Microkernel kernel, KernelTask task)
    {
        var threads = new List<CanonicalThread>();

        // Runnable threads: their rank is their turn on the CPU, the running one first.
        var runnable = kernel.RunnableInOrder(task);
        for (var rank = 0; rank < runnable.Count; rank++)
        {
            threads.Add(Runnable(runnable[rank], (uint)rank));
        }

        // Blocked threads: undone into restart frames; their rank is the order they blocked in, which
        // is the order a restore re-enters them (sleep ties and futex queue order depend on it).
        var blocked = task.Threads.Where(thread => thread.Wait is not null).OrderBy(thread => thread.Wait!.Sequence).ToArray();
        for (var rank = 0; rank < blocked.Length; rank++)
        {
            threads.Add(Restarted(kernel, blocked[rank], (uint)rank));
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

    private static CanonicalThread Restarted(Microkernel kernel, KernelThread thread, uint rank)
    {
        var wait = thread.Wait!;
        var pending = wait.Reason switch
        {
            // Like Linux's restart_block: the frame holds the ticks still to sleep, not the original
            // argument, so the deadline survives the checkpoint relative to the restored kernel's clock.
            WaitReason.Sleep => new PendingSyscall(SyscallNames.Sleep,
                [wait.Deadline > kernel.Now ? wait.Deadline - kernel.Now : 0, 0, 0, 0, 0], Restart: true),
            WaitReason.Futex => new PendingSyscall(SyscallNames.FutexWait,
                [wait.FutexAddress, wait.FutexExpected, 0, 0, 0], Restart: true),
            _ => throw new InvalidOperationException($"unknown wait reason {wait.Reason}"),
        };

        return new CanonicalThread(thread.Id, ThreadRunState.Blocked, ThreadFlags(thread, RestartFlag), 0, rank,
            thread.StackAreaId, SyscallRestartSite, Registers(thread.Registers), pending);
    }

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
