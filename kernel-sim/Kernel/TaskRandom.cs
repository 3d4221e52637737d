namespace KernelSim.Kernel;

/// <summary>
/// SplitMix64: the task's generator behind the random syscall. Its whole state is one 64-bit word,
/// which is what the task struct checkpoints.
/// </summary>
public static class TaskRandom
{
    private const ulong Increment = 0x9E37_79B9_7F4A_7C15;

    /// <summary>The initial state of a task's generator: a function of the boot seed and the task id only.</summary>
    public static ulong Seed(ulong bootSeed, ulong taskId) => Mix(bootSeed ^ Mix(taskId + Increment));

    /// <summary>Advances <paramref name="state"/> and returns the next 64 bits.</summary>
    public static ulong Next(ref ulong state)
    {
        state += Increment;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
