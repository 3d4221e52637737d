namespace KernelSim.Checkpoint;

/// <summary>A task cannot be checkpointed in its current state; nothing was written.</summary>
public sealed class CheckpointRefusedException : Exception
{
    public CheckpointRefusedException(ulong taskId, string message)
        : base(message)
    {
        TaskId = taskId;
    }

    public ulong TaskId { get; }
}
