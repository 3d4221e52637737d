namespace Snapshot.Format.Kernels;

/// <summary>Build-independent thread state (the build's "thread_state" enum values "ready", "running", "blocked").</summary>
public enum ThreadRunState
{
    /// <summary>Runnable, waiting for the CPU.</summary>
    Ready,

    /// <summary>Was on the CPU at the checkpoint.</summary>
    Running,

    /// <summary>Waiting in a syscall (undone and restarted at resume).</summary>
    Blocked,
}
