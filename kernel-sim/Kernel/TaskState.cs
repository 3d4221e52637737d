namespace KernelSim.Kernel;

/// <summary>Lifecycle state of a task.</summary>
public enum TaskState
{
    /// <summary>Has at least one thread and runs.</summary>
    Active,

    /// <summary>Finished (task_exit, last thread exited, fault or kill); kept only for its exit status.</summary>
    Exited,
}
