using KernelSim.Kernel;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Snapshot.Format.Kernels;
using Snapshot.Format.Signing;

namespace KernelSim.Checkpoint;

/// <summary>
/// Writes a checkpoint set to an image between ticks (thesis, Algorithm 1 and lazy cooperation). A set whose
/// members hold nothing beyond their own memory and threads is written as before (format 1.0, byte for byte);
/// a set with IPC state, shared memory or open files is written as format 1.2 with its external state. Because
/// a checkpoint only reads the members' state, members that keep running continue exactly as if nothing
/// happened (apart from the ticks it waited for cooperation, during which they were stopped).
/// </summary>
public sealed class Checkpointer
{
    private readonly Microkernel _kernel;

    public Checkpointer(Microkernel kernel) => _kernel = kernel;

    /// <summary>
    /// Checkpoints the set built from <see cref="CheckpointRequest.RootTaskIds"/> to <see cref="CheckpointRequest.Path"/>
    /// (atomically), then kills what the kill policy says.
    /// </summary>
    /// <exception cref="ArgumentException">A root is not a live user task, or the request is empty.</exception>
    /// <exception cref="CheckpointRefusedException">This kernel build cannot carry the set's state in an image; nothing was written.</exception>
    /// <exception cref="CheckpointCancelledException">A service did not cooperate in time under the cancel policy; nothing was written.</exception>
    public CheckpointSetSummary Checkpoint(CheckpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var parent = request.Parent is null ? null
            : IncrementalParent.Open(_kernel, request, request.Encoding.ApplyTo(new ImageWriterOptions()));
        var taken = Take(request, parent, write => AtomicFile.Write(request.Path, write));
        // The members' pages are now what the file holds: count written pages from here on.
        DirtyTracking.Reset(_kernel, ImageId.Compute(request.Path), taken.Set.Members.Select(task => (task, task.Id)));
        var summary = taken.Summary(request.Path, new FileInfo(request.Path).Length);
        return summary with { Killed = Kill(request, taken.Set) };
    }

    /// <summary>
    /// Checkpoints task <paramref name="taskId"/> (and the set it needs) to <paramref name="path"/>, then kills it
    /// when asked; with a <paramref name="signer"/> the image carries a signature. The single-task form of
    /// <see cref="Checkpoint(CheckpointRequest)"/> with the default timeout and policies.
    /// </summary>
    public CheckpointSummary Checkpoint(ulong taskId, string path, bool kill, ImageSigner? signer = null)
    {
        var summary = Checkpoint(new CheckpointRequest([taskId], path) { Kill = kill ? KillPolicy.Zero : KillPolicy.None, Signer = signer });
        return new CheckpointSummary(path, taskId, summary.Threads, summary.Areas, summary.MaterialisedPages, summary.Bytes, kill);
    }

    /// <summary>Writes the image of the set of <paramref name="taskId"/> to a stream; no task is killed.</summary>
    /// <exception cref="CheckpointRefusedException">This kernel build cannot carry the set's state; nothing is written.</exception>
    /// <exception cref="CheckpointCancelledException">A service did not cooperate in time; nothing is written.</exception>
    public void Write(ulong taskId, Stream destination, bool killAfter, ImageSigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Take(new CheckpointRequest([taskId], "") { Kill = killAfter ? KillPolicy.Zero : KillPolicy.None, Signer = signer }, parent: null,
            write => write(destination));
    }

    /// <summary>The one-line refusal of a set with IPC state on a build whose images cannot hold it.</summary>
    public static string NoCallStructMessage(KernelBuildProfile profile, ulong taskId)
    {
        var capable = KernelBuildCatalog.BuiltIn.Where(build => build.Call is not null).Select(build => build.Build)
            .Order(StringComparer.Ordinal).FirstOrDefault();
        return $"task {taskId} holds IPC state, which images of kernel build {profile.Build} cannot carry (its profile has no \"call\" struct)" +
               (capable is null ? "" : $"; build {capable} and later can");
    }

    private TakenImage Take(CheckpointRequest request, IncrementalParent? parent, Action<Action<Stream>> output)
    {
        var roots = Roots(request);
        var set = CheckpointSet.Build(_kernel, roots);
        if (!set.HasExternalState)
        {
            var pristine = new TakenImage(set, null, _kernel.Now, 0);
            output(stream => Write(pristine, request, parent, stream));
            MarkCheckpointed(set);
            return pristine;
        }

        if (_kernel.Profile.Call is null)
        {
            var holder = set.Members.FirstOrDefault(task => !task.Ipc.IsPristine) ?? set.Members[0];
            throw new CheckpointRefusedException(holder.Id, NoCallStructMessage(_kernel.Profile, holder.Id));
        }

        var cooperation = Cooperation.Run(_kernel, roots.Select(task => task.Id).ToArray(), request);
        try
        {
            var taken = new TakenImage(cooperation.Set, cooperation, _kernel.Now, cooperation.WaitedTicks);
            output(stream => Write(taken, request, parent, stream));
            MarkCheckpointed(taken.Set);
            return taken;
        }
        finally
        {
            cooperation.End();
        }
    }

    private KernelTask[] Roots(CheckpointRequest request)
    {
        if (request.RootTaskIds.Count == 0)
        {
            throw new ArgumentException("a checkpoint needs at least one task", nameof(request));
        }

        if (request.TimeoutTicks == 0)
        {
            throw new ArgumentException("the cooperation timeout must be at least one tick", nameof(request));
        }

        return request.RootTaskIds.Distinct().Select(_kernel.ActiveTask).ToArray();
    }

    private void Write(TakenImage taken, CheckpointRequest request, IncrementalParent? parent, Stream destination)
    {
        var profile = _kernel.Profile;
        var set = taken.Set;
        var cooperation = taken.Cooperation;
        var order = ThreadOrder.Of(_kernel, set.Members);
        var options = CodeByReference.Apply(request.Encoding.ApplyTo(new ImageWriterOptions { Signer = request.Signer, HasExternalState = cooperation is not null, Parents = parent?.Parents }), request);
        using var writer = ImageWriter.Create(destination, profile.Stamp, options);
        writer.WriteCheckpoint(new CheckpointRecord(set.Members.Select(task => task.Id).ToArray(), request.Kill != KillPolicy.None));
        IReadOnlyList<TaskFilesRecord> files = [];
        if (cooperation is not null)
        {
            writer.WriteCooperation(new CooperationRecord(request.ErrorPolicy, request.Kill, request.TimeoutTicks,
                cooperation.Services(), cooperation.Exported, set.OutsideTaskIds)
            { OutsidePhones = set.OutsidePhones });
            var shares = ShareCapture.Shares(set);
            if (shares.Count > 0)
            {
                writer.WriteSharedAreas(shares);
            }

            var calls = IpcCapture.Calls(set).Select(call => CanonicalCodec.EncodeCall(call, profile)).ToArray();
            taken.Calls = calls.Length;
            if (calls.Length > 0)
            {
                writer.WriteCalls(calls);
            }

            files = cooperation.Files(request.FilePolicy);
        }

        foreach (var task in set.Members)
        {
            var capture = TaskCapture.Of(_kernel, task, order);
            var areas = task.AddressSpace.Areas.OrderBy(area => area.Id).ToArray();
            writer.WriteTask(new TaskRecord(task.Id, task.Name, task.ProgramName, task.ProgramHash, CanonicalCodec.EncodeTask(capture.Task, profile)));
            writer.WriteAreas(task.Id, areas.Select(area => CodeByReference.Record(task, area, options)).ToArray());
            foreach (var thread in capture.Threads)
            {
                writer.WriteThread(CanonicalCodec.EncodeThread(task.Id, thread, profile));
            }

            if (cooperation is not null)
            {
                writer.WriteTaskIpc(IpcCapture.TaskIpc(set, task));
                if (files.FirstOrDefault(record => record.TaskId == task.Id) is { } taskFiles)
                {
                    writer.WriteTaskFiles(taskFiles);
                }
            }

            foreach (var area in areas.Where(area => ShareCapture.StoresPages(set, task.Id, area) && !CodeByReference.IsReferenced(task, area, options)))
            {
                if (parent is not null)
                {
                    parent.WriteAreaMemory(writer, task, area, options.PagesPerChunk);
                }
                else
                {
                    writer.WriteAreaMemory(task.Id, area.ToRecord(), area.MaterialisedPages());
                }
            }
        }

        writer.Complete();
    }

    private static void MarkCheckpointed(CheckpointSet set)
    {
        foreach (var task in set.Members)
        {
            task.IsCheckpointed = true;
        }
    }

    private IReadOnlyList<ulong> Kill(CheckpointRequest request, CheckpointSet set)
    {
        var victims = request.Kill switch
        {
            KillPolicy.Zero => set.Roots,
            KillPolicy.All => set.Members.Select(task => task.Id).ToArray(),
            _ => [],
        };
        var killed = victims.Where(id => _kernel.FindTask(id) is { State: TaskState.Active }).ToArray();
        foreach (var id in killed)
        {
            _kernel.Kill(id);
        }

        _kernel.PumpNativeTasks();
        return killed;
    }

    /// <summary>One image being taken: the set, its cooperation (null for a set without external state), the tick and the wait.</summary>
    private sealed class TakenImage(CheckpointSet set, Cooperation? cooperation, ulong tick, ulong waited)
    {
        public CheckpointSet Set => set;

        public Cooperation? Cooperation => cooperation;

        public int Calls { get; set; }

        public CheckpointSetSummary Summary(string path, long bytes) =>
            new(path, set.Members.Select(task => task.Id).ToArray(), cooperation?.Services() ?? [], tick, waited,
                set.Members.Sum(task => task.ThreadCount), set.Members.Sum(task => task.AddressSpace.Count),
                set.Members.Sum(task => task.AddressSpace.Areas.Where(area => ShareCapture.StoresPages(set, task.Id, area)).Sum(area => area.MaterialisedPageCount)),
                Calls, bytes, cooperation?.NotCooperated.Select(connection => connection.ToString()).ToArray() ?? [], [])
            {
                HasExternalState = cooperation is not null,
            };
    }
}
