namespace KernelSim.Kernel;

/// <summary>Why <see cref="Microkernel.RunUntilExit"/> stopped.</summary>
public enum RunStop
{
    /// <summary>No task is active any more.</summary>
    AllExited,

    /// <summary>Tasks remain but no thread can ever run again (all wait on futexes nobody will wake).</summary>
    Deadlock,

    /// <summary>The tick limit was reached first.</summary>
    TickLimit,
}
