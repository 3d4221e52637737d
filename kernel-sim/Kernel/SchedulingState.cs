namespace KernelSim.Kernel;

/// <summary>Scheduling state of a kernel thread.</summary>
public enum SchedulingState
{
    /// <summary>In the run queue, waiting for the CPU.</summary>
    Ready,

    /// <summary>On the CPU: the scheduler's current thread (it may be between instructions of its quantum).</summary>
    Running,

    /// <summary>Blocked in a syscall (sleep or futex_wait).</summary>
    Blocked,
}
