using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Trust;

/// <summary>
/// A real checkpoint of prodcons taken while a thread waits in futex_wait, and hostile variants of it:
/// well-formed images (valid framing and CRCs, written by ImageWriter with blobs from CanonicalCodec)
/// whose content a running task could never have produced.
/// </summary>
public sealed class ImageCrafter : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly KernelBuildProfile _profile = Microkernel.Boot().Profile;

    public ImageCrafter()
    {
        var program = ProgramLibrary.Load("prodcons");
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(program);
        do
        {
            kernel.Tick();
        }
        while (!CheckpointMoments.Classify(kernel, task).HasFlag(MomentKind.FutexWait));

        Original = _temp.File("original.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, Original, kill: true);
    }

    public string Original { get; }

    public string Directory => _temp.Path;

    /// <summary>Writes a variant whose (single) task is changed by <paramref name="change"/>.</summary>
    public string Craft(Func<TaskMetadata, TaskMetadata> change)
    {
        var path = _temp.File($"crafted-{Guid.NewGuid():N}.snap");
        ImageRewriter.Rewrite(Original, path, task: change);
        return path;
    }

    public string CraftTask(Func<CanonicalTask, CanonicalTask> change) => Craft(metadata =>
        metadata with { Task = metadata.Task with { KernelTask = CanonicalCodec.EncodeTask(change(CanonicalCodec.DecodeTask(metadata.Task, _profile)), _profile) } });

    /// <summary>Changes the first thread <paramref name="which"/> selects.</summary>
    public string CraftThread(Func<CanonicalThread, bool> which, Func<CanonicalThread, CanonicalThread> change) => Craft(metadata =>
    {
        var done = false;
        var threads = metadata.Threads.Select(record =>
        {
            var state = CanonicalCodec.DecodeThread(record, _profile);
            if (done || !which(state))
            {
                return record;
            }

            done = true;
            return CanonicalCodec.EncodeThread(record.TaskId, change(state), _profile);
        }).ToArray();
        Assert.True(done, "no thread matched");
        return metadata with { Threads = threads };
    });

    /// <summary>Changes the first area <paramref name="which"/> selects.</summary>
    public string CraftArea(Func<AreaRecord, bool> which, Func<AreaRecord, AreaRecord> change) => Craft(metadata =>
    {
        var index = metadata.Areas.ToList().FindIndex(area => which(area));
        Assert.True(index >= 0, "no area matched");
        var areas = metadata.Areas.ToArray();
        areas[index] = change(areas[index]);
        return metadata with { Areas = areas };
    });

    public static bool Blocked(CanonicalThread thread) => thread.StopSite == TaskCapture.SyscallRestartSite;

    public static bool Runnable(CanonicalThread thread) => thread.StopSite == TaskCapture.PreemptSite;

    public void Dispose() => _temp.Dispose();
}
