namespace KernelSim.Kernel;

/// <summary>Resource limits of the kernel; restore enforces them on images too.</summary>
public static class KernelLimits
{
    public const int MaxThreadsPerTask = 1024;
    public const int MaxAreasPerTask = 4096;
    public const int MaxTasks = 65536;

    /// <summary>Largest single console write; longer writes are truncated and return the count written.</summary>
    public const int MaxWriteLength = 4096;

    /// <summary>
    /// Bytes an IPC data transfer copies per tick while the receiver's thread waits in ipc_data_finalize: long
    /// copies are a sequence of valid intermediate states a checkpoint can stop between (Fluke).
    /// </summary>
    public const int TransferStep = 256;
}
