namespace KernelSim.Checkpoint;

/// <summary>
/// A checkpoint gave up under the cancel error policy (a service did not cooperate in time, or the set could not
/// be made stable): nothing was written, every member runs on. The message is one line naming the service and
/// the connection (or the task) that held it up.
/// </summary>
public sealed class CheckpointCancelledException : Exception
{
    public CheckpointCancelledException(string message)
        : base(message)
    {
    }
}
