using KernelSim.Ipc;
using KernelSim.Kernel;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Signing;

namespace KernelSim.Checkpoint;

/// <summary>
/// Writes a task to an image between ticks. Because a checkpoint only reads the task's state, a task
/// that keeps running continues exactly as if nothing happened: re-entering its undone syscalls in
/// their original order would rebuild the very queues it is still in.
/// </summary>
public sealed class Checkpointer
{
    private readonly Microkernel _kernel;

    public Checkpointer(Microkernel kernel) => _kernel = kernel;

    /// <summary>
    /// Checkpoints task <paramref name="taskId"/> to <paramref name="path"/> (atomically), then kills it when asked;
    /// with a <paramref name="signer"/> the image carries a signature.
    /// </summary>
    /// <exception cref="CheckpointRefusedException">The task holds IPC state, which images cannot carry yet; no file is written.</exception>
    public CheckpointSummary Checkpoint(ulong taskId, string path, bool kill, ImageSigner? signer = null)
    {
        var task = _kernel.ActiveTask(taskId);
        RefuseIpcState(task);
        AtomicFile.Write(path, stream => Write(task, stream, kill, signer));
        task.IsCheckpointed = true;
        var summary = new CheckpointSummary(path, task.Id, task.ThreadCount, task.AddressSpace.Count,
            task.AddressSpace.Areas.Sum(area => area.MaterialisedPageCount), new FileInfo(path).Length, kill);
        if (kill)
        {
            _kernel.Kill(task.Id);
        }

        return summary;
    }

    /// <summary>Writes the image of <paramref name="taskId"/> to a stream; the task is not changed.</summary>
    /// <exception cref="CheckpointRefusedException">The task holds IPC state, which images cannot carry yet; nothing is written.</exception>
    public void Write(ulong taskId, Stream destination, bool killAfter, ImageSigner? signer = null)
    {
        var task = _kernel.ActiveTask(taskId);
        RefuseIpcState(task);
        Write(task, destination, killAfter, signer);
    }

    /// <summary>
    /// Images of format 1.x have no sections for phones, calls or ports: dropping them would restore a
    /// task that silently lost its connections and its calls, so such a task is refused instead.
    /// </summary>
    private static void RefuseIpcState(KernelTask task)
    {
        var holdings = IpcHoldings.Of(task);
        if (holdings.Any)
        {
            throw new CheckpointRefusedException(task.Id,
                $"task {task.Id} holds IPC state ({holdings}); images of format 1.x cannot carry it yet");
        }
    }

    private void Write(KernelTask task, Stream destination, bool killAfter, ImageSigner? signer)
    {
        var profile = _kernel.Profile;
        var capture = TaskCapture.Of(_kernel, task);
        var areas = task.AddressSpace.Areas.OrderBy(area => area.Id).ToArray();

        using var writer = ImageWriter.Create(destination, profile.Stamp, new ImageWriterOptions { Signer = signer });
        writer.WriteCheckpoint(new CheckpointRecord([task.Id], killAfter));
        writer.WriteTask(new TaskRecord(task.Id, task.Name, task.ProgramName, task.ProgramHash,
            CanonicalCodec.EncodeTask(capture.Task, profile)));
        writer.WriteAreas(task.Id, areas.Select(area => area.ToRecord()).ToArray());
        foreach (var thread in capture.Threads)
        {
            writer.WriteThread(CanonicalCodec.EncodeThread(task.Id, thread, profile));
        }

        foreach (var area in areas)
        {
            writer.WriteAreaMemory(task.Id, area.ToRecord(), area.MaterialisedPages());
        }

        writer.Complete();
    }
}
