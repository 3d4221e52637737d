namespace KernelSim.Syscalls;

/// <summary>What the scheduler must do with the calling thread after a syscall.</summary>
public enum SyscallOutcome
{
    /// <summary>The result is in r0; the thread continues its quantum.</summary>
    Return,

    /// <summary>The thread blocked (sleep, futex_wait); its result is set when it is woken.</summary>
    Block,

    /// <summary>The thread gave up the CPU and goes to the back of the run queue (result already in r0).</summary>
    Yield,

    /// <summary>The thread (or its whole task) no longer exists.</summary>
    Exited,
}
