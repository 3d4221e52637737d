namespace KernelSim.Tests.Support;

/// <summary>What was going on at a checkpoint moment.</summary>
[Flags]
public enum MomentKind
{
    None = 0,

    /// <summary>A thread of the task was blocked in futex_wait.</summary>
    FutexWait = 1,

    /// <summary>A thread of the task was blocked in sleep.</summary>
    Sleep = 2,

    /// <summary>A thread of the task was on the CPU part way through its quantum.</summary>
    MidQuantum = 4,
}
