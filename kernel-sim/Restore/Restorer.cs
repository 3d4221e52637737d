using KernelSim.Kernel;
using Snapshot.Format;

namespace KernelSim.Restore;

/// <summary>
/// Re-creates the tasks of an image in a running kernel. Everything is read and validated, and every
/// task is rebuilt off to the side, before the kernel is touched: a refused image leaves no trace.
/// </summary>
public sealed class Restorer
{
    private readonly Microkernel _kernel;

    public Restorer(Microkernel kernel) => _kernel = kernel;

    /// <summary>Restores every task of the image at <paramref name="path"/>; throws <see cref="RestoreException"/> when it cannot.</summary>
    public RestoreResult Restore(string path)
    {
        try
        {
            using var reader = ImageReader.Open(path);
            RefuseOtherBuild(path, reader.Header.Build);
            var metadata = reader.ReadMetadata();
            if (metadata.Tasks.Count == 0)
            {
                throw new RestoreException($"image {path}: contains no task");
            }

            var checkpointSet = metadata.Checkpoint.TaskIds.Order().ToArray();
            var present = metadata.Tasks.Select(task => task.Task.TaskId).Order().ToArray();
            if (!checkpointSet.SequenceEqual(present))
            {
                throw new RestoreException($"image {path}: the checkpoint set names tasks [{string.Join(", ", checkpointSet)}] but the image holds [{string.Join(", ", present)}]");
            }

            var reserved = new HashSet<ulong>();
            var plans = new List<TaskRebuild>();
            foreach (var taskMetadata in metadata.Tasks)
            {
                var imageId = taskMetadata.Task.TaskId;
                var id = ChooseTaskId(imageId, reserved);
                reserved.Add(id);
                plans.Add(TaskRebuild.Build(_kernel, reader, taskMetadata, id, path));
            }

            if (_kernel.ActiveTaskCount + plans.Count > KernelLimits.MaxTasks)
            {
                throw new RestoreException($"image {path}: restoring would exceed {KernelLimits.MaxTasks} tasks");
            }

            // Nothing has touched the kernel so far; from here on nothing can fail.
            return new RestoreResult(path, plans.Select(plan => plan.Install(_kernel)).ToArray());
        }
        catch (SnapshotFormatException ex)
        {
            throw new RestoreException($"image {path}: {ex.Message}", ex);
        }
        catch (ZstdUnavailableException ex)
        {
            throw new RestoreException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RestoreException($"cannot read image {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The one-line refusal for an image of another kernel build, naming both builds and the conversion command.</summary>
    public static string BuildMismatchMessage(string path, KernelBuildStamp image, KernelBuildStamp running, string runningBuild)
    {
        var output = Path.ChangeExtension(path, null) + "." + runningBuild + ".snap";
        return $"image {path} was written by kernel build {image.Display}, but this kernel is {running.Display}; " +
               $"convert it first: snapupgrade {path} -o {output} --to {runningBuild}";
    }

    private void RefuseOtherBuild(string path, KernelBuildStamp image)
    {
        var running = _kernel.Profile.Stamp;
        if (!image.Equals(running))
        {
            throw new RestoreException(BuildMismatchMessage(path, image, running, _kernel.Profile.Build));
        }
    }

    // The image's id when no live task holds it, as a restarted process keeps its pid; otherwise the
    // next free id (the caller reports the change).
    private ulong ChooseTaskId(ulong imageId, HashSet<ulong> reserved)
    {
        if (_kernel.IsTaskIdFree(imageId) && !reserved.Contains(imageId))
        {
            return imageId;
        }

        return _kernel.PeekFreeTaskId(reserved);
    }
}
