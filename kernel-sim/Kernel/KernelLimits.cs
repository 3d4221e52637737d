namespace KernelSim.Kernel;

/// <summary>Resource limits of the kernel; restore enforces them on images too.</summary>
public static class KernelLimits
{
    public const int MaxThreadsPerTask = 1024;
    public const int MaxAreasPerTask = 4096;
    public const int MaxTasks = 65536;

    /// <summary>Largest single console write; longer writes are truncated and return the count written.</summary>
    public const int MaxWriteLength = 4096;
}
