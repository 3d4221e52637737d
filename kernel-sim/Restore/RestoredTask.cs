using KernelSim.Kernel;

namespace KernelSim.Restore;

/// <summary>A task re-created from an image: its id in the image and the live task (whose id may differ when that one was taken).</summary>
public sealed record RestoredTask(ulong ImageTaskId, KernelTask Task)
{
    public bool KeptTaskId => ImageTaskId == Task.Id;
}
