using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// Moves the kernel's dirty-page baseline (<see cref="Microkernel.DirtyBaseline"/>) to an image just written or
/// restored: the tasks' pages are now exactly what that image holds, so none of them is dirty.
/// </summary>
public static class DirtyTracking
{
    /// <summary>
    /// The image <paramref name="imageId"/> holds <paramref name="tasks"/> (live task, its id in the image) as they are
    /// now: their pages (and the stores they share) become clean and the image becomes the baseline.
    /// </summary>
    public static void Reset(Microkernel kernel, Hash256 imageId, IEnumerable<(KernelTask Task, ulong ImageTaskId)> tasks)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(tasks);
        var ids = new Dictionary<ulong, ulong>();
        foreach (var (task, imageTaskId) in tasks)
        {
            foreach (var area in task.AddressSpace.Areas)
            {
                area.Dirty.Clear();
            }

            ids[task.Id] = imageTaskId;
        }

        kernel.DirtyBaseline = new DirtyBaseline(imageId, ids);
    }
}
