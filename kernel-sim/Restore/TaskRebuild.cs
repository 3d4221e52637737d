using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using KernelSim.Syscalls;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Restore;

/// <summary>
/// One task of an image, validated and rebuilt outside the kernel: its areas with their pages and its
/// threads with registers and canonical kernel state. <see cref="Install"/> then hands it to the kernel.
/// An image is untrusted input, so everything the kernel will rely on is checked here.
/// </summary>
internal sealed class TaskRebuild
{
    private TaskRebuild(ulong imageTaskId, KernelTask task,
        List<(KernelThread Thread, CanonicalThread State)> runnable, List<(KernelThread Thread, CanonicalThread State)> restarted)
    {
        ImageTaskId = imageTaskId;
        Task = task;
        Runnable = runnable;
        Restarted = restarted;
    }

    /// <summary>The task's id in the image.</summary>
    public ulong ImageTaskId { get; }

    /// <summary>The rebuilt task (not in the kernel until <see cref="Install"/>).</summary>
    public KernelTask Task { get; }

    /// <summary>Runnable threads in rank order (ranks count across the checkpoint set).</summary>
    public IReadOnlyList<(KernelThread Thread, CanonicalThread State)> Runnable { get; }

    /// <summary>Threads to re-enter their syscall, in rank order.</summary>
    public IReadOnlyList<(KernelThread Thread, CanonicalThread State)> Restarted { get; }

    public static TaskRebuild Build(Microkernel kernel, ImageReader reader, TaskMetadata metadata, ulong taskId, string path, bool externalState)
    {
        var profile = kernel.Profile;
        var imageId = metadata.Task.TaskId;
        var where = $"image {path}: task {imageId}";
        var canonical = CanonicalCodec.DecodeTask(metadata.Task, profile);
        if (canonical.TaskId != imageId)
        {
            throw Refuse(where, $"kernel task struct names task {canonical.TaskId}");
        }

        if (canonical.State != TaskCapture.ActiveState)
        {
            throw Refuse(where, $"task state is '{canonical.State}', only active tasks can be restored");
        }

        CheckCounts(where, canonical, metadata);

        var task = new KernelTask(taskId, metadata.Task.Name, metadata.Task.ProgramName, metadata.Task.ProgramHash, canonical.RngState)
        {
            NextThreadId = canonical.NextThreadId,
            NextAreaId = canonical.NextAreaId,
            HeapCursor = canonical.HeapCursor,
            IsRestored = true,
            IsCheckpointed = canonical.Flags.Contains(TaskCapture.CheckpointedFlag),
        };

        foreach (var record in metadata.Areas.OrderBy(area => area.AreaId))
        {
            task.AddressSpace.Add(CheckArea(where, record, task, externalState));
        }

        var runnable = new List<(KernelThread Thread, CanonicalThread State)>();
        var restarted = new List<(KernelThread Thread, CanonicalThread State)>();
        foreach (var record in metadata.Threads)
        {
            if (record.TaskId != imageId)
            {
                throw Refuse(where, $"thread {record.ThreadId} belongs to task {record.TaskId}");
            }

            var state = CanonicalCodec.DecodeThread(record, profile);
            var thread = CheckThread($"{where} thread {record.ThreadId}", state, record, task, profile);
            task.AddThread(thread);
            (state.StopSite == TaskCapture.PreemptSite ? runnable : restarted).Add((thread, state));
        }

        runnable.Sort((a, b) => a.State.Rank.CompareTo(b.State.Rank));
        restarted.Sort((a, b) => a.State.Rank.CompareTo(b.State.Rank));

        // Last: page data is the bulk of the work, and everything it depends on has been checked by now.
        LoadMemory(where, reader, imageId, task);
        ProgramCode.Load(where, metadata.Task, task);
        return new TaskRebuild(imageId, task, runnable, restarted);
    }

    /// <summary>
    /// Hands the rebuilt task to the kernel, without its threads: the restorer queues the runnable ones and
    /// re-enters the undone syscalls across every task of the image, in rank order, at zero ticks.
    /// </summary>
    public RestoredTask Install(Microkernel kernel)
    {
        kernel.AddTask(Task);
        return new RestoredTask(ImageTaskId, Task);
    }

    /// <summary>
    /// Ranks count the threads of the whole checkpoint set: runnable ones 0..n-1 with only rank 0 running, restarted
    /// ones 0..m-1 (an image of one task has its own order). Checked across <paramref name="tasks"/> before anything is installed.
    /// </summary>
    public static void CheckRanks(string path, IReadOnlyList<TaskRebuild> tasks)
    {
        CheckRanks($"image {path}", tasks.SelectMany(task => task.Runnable).OrderBy(entry => entry.State.Rank).ToList(), "runnable");
        CheckRanks($"image {path}", tasks.SelectMany(task => task.Restarted).OrderBy(entry => entry.State.Rank).ToList(), "restarted");
        if (tasks.SelectMany(task => task.Runnable).Any(entry => entry.State.State == ThreadRunState.Running && entry.State.Rank != 0))
        {
            throw new RestoreException($"image {path}: only the first runnable thread (rank 0) can be the running one");
        }
    }

    private static void CheckCounts(string where, CanonicalTask canonical, TaskMetadata metadata)
    {
        if (metadata.Threads.Count == 0 || metadata.Threads.Count > KernelLimits.MaxThreadsPerTask)
        {
            throw Refuse(where, $"has {metadata.Threads.Count} threads (this kernel restores 1 to {KernelLimits.MaxThreadsPerTask})");
        }

        if (metadata.Areas.Count > KernelLimits.MaxAreasPerTask)
        {
            throw Refuse(where, $"has {metadata.Areas.Count} areas (this kernel allows {KernelLimits.MaxAreasPerTask})");
        }

        if (canonical.ThreadCount != metadata.Threads.Count || canonical.AreaCount != metadata.Areas.Count)
        {
            throw Refuse(where, $"kernel task struct counts {canonical.ThreadCount} threads and {canonical.AreaCount} areas, the image holds {metadata.Threads.Count} and {metadata.Areas.Count}");
        }

        if (metadata.Threads.Select(thread => thread.ThreadId).Distinct().Count() != metadata.Threads.Count)
        {
            throw Refuse(where, "two threads share an id");
        }

        if (metadata.Areas.Select(area => area.AreaId).Distinct().Count() != metadata.Areas.Count)
        {
            throw Refuse(where, "two areas share an id");
        }

        if (metadata.Threads.Any(thread => thread.ThreadId == 0 || thread.ThreadId >= canonical.NextThreadId))
        {
            throw Refuse(where, $"a thread id is 0 or not below the task's next thread id {canonical.NextThreadId}");
        }

        if (metadata.Areas.Any(area => area.AreaId == 0 || area.AreaId >= canonical.NextAreaId))
        {
            throw Refuse(where, $"an area id is 0 or not below the task's next area id {canonical.NextAreaId}");
        }

        // The cursor starts at the heap base and only moves up, page by page, as areas are created.
        if (canonical.HeapCursor < AddressSpaceLayout.HeapBase || canonical.HeapCursor >= AddressSpaceLayout.UserTop
            || !AddressSpaceLayout.IsPageAligned(canonical.HeapCursor))
        {
            throw Refuse(where, $"heap cursor 0x{canonical.HeapCursor:x} is not a page in the heap range 0x{AddressSpaceLayout.HeapBase:x}..0x{AddressSpaceLayout.UserTop:x}");
        }
    }

    private static Area CheckArea(string where, AreaRecord record, KernelTask task, bool externalState)
    {
        var what = $"{where} area {record.AreaId}";
        if (!AddressSpaceLayout.IsPageAligned(record.Base) || !AddressSpaceLayout.IsPageAligned(record.Size) || record.Size == 0)
        {
            throw Refuse(what, $"range 0x{record.Base:x}+0x{record.Size:x} is empty or not page-aligned");
        }

        if (record.Base < AddressSpaceLayout.UserBottom || record.Base >= AddressSpaceLayout.UserTop
            || record.Size > AddressSpaceLayout.UserTop - record.Base)
        {
            throw Refuse(what, $"range 0x{record.Base:x}+0x{record.Size:x} is outside the user address space");
        }

        if ((record.Flags & ~(AreaFlags.Read | AreaFlags.Write | AreaFlags.Execute)) != 0
            || !Enum.IsDefined(record.Kind) || !Enum.IsDefined(record.Backing))
        {
            throw Refuse(what, $"has unknown flags, kind or backing ({record.Flags}, {record.Kind}, {record.Backing})");
        }

        CheckAreaCapabilities(what, record, externalState);
        if (!task.AddressSpace.IsFree(record.Base, record.Size))
        {
            throw Refuse(what, $"range 0x{record.Base:x}+0x{record.Size:x} overlaps another area");
        }

        return new Area(record.AreaId, record.Base, record.Size, record.Flags, record.Kind, record.Backing, record.Name);
    }

    /// <summary>
    /// An area may only be what running could have made: code read+execute from the program image, data
    /// read+write from it, heap areas from area_create (read and/or write, anonymous), stacks of the kernel's
    /// stack size (read+write, anonymous), shared memory as heap areas (only in an image with external state).
    /// Execute only on code, never together with write (W^X).
    /// </summary>
    private static void CheckAreaCapabilities(string what, AreaRecord record, bool externalState)
    {
        if ((record.Flags & AreaFlags.Write) != 0 && (record.Flags & AreaFlags.Execute) != 0)
        {
            throw Refuse(what, "is writable and executable; this kernel never maps an area W+X (W^X)");
        }

        if (record.Size > AddressSpaceLayout.MaxAreaSize)
        {
            throw Refuse(what, $"size 0x{record.Size:x} exceeds the largest area this kernel creates (0x{AddressSpaceLayout.MaxAreaSize:x})");
        }

        var allowed = record.Kind switch
        {
            // Format 1.3 may store code by reference to the program (backing 3); the restore then loads it from the catalog.
            AreaKind.Code => record.Flags == (AreaFlags.Read | AreaFlags.Execute) && record.Backing is AreaBacking.Program or AreaBacking.ProgramReference,
            AreaKind.Data => record.Flags == (AreaFlags.Read | AreaFlags.Write) && record.Backing == AreaBacking.Program,
            // Shared memory is mapped as heap; only an image with external state can say what it is shared with.
            AreaKind.Heap => record.Flags != AreaFlags.None && (record.Flags & AreaFlags.Execute) == 0
                             && (record.Backing == AreaBacking.Anonymous || (externalState && record.Backing == AreaBacking.Shared)),
            AreaKind.Stack => record.Flags == (AreaFlags.Read | AreaFlags.Write) && record.Backing == AreaBacking.Anonymous
                              && record.Size == AddressSpaceLayout.StackSize,
            _ => false,
        };
        if (!allowed)
        {
            throw Refuse(what, $"a {record.Kind.ToString().ToLowerInvariant()} area with flags {record.Flags}, backing {record.Backing} and size 0x{record.Size:x} is not one this kernel creates");
        }
    }

    private static void LoadMemory(string where, ImageReader reader, ulong imageTaskId, KernelTask task)
    {
        foreach (var entry in reader.Index.Where(entry => entry.Type is (SectionType.MemoryChunk or SectionType.ChunkReference) && entry.TaskId == imageTaskId))
        {
            if (task.AddressSpace.FindById(entry.AreaId) is not { } owner)
            {
                throw Refuse(where, $"memory chunk {entry.ChunkIndex} at offset 0x{entry.Offset:x} belongs to area {entry.AreaId}, which the task does not have");
            }

            if (owner.Backing == AreaBacking.ProgramReference)
            {
                throw Refuse(where, $"memory chunk {entry.ChunkIndex} at offset 0x{entry.Offset:x} belongs to area {entry.AreaId}, which is stored by reference to the program");
            }
        }

        foreach (var area in task.AddressSpace.Areas)
        {
            // Decompressed and verified on every core, a few chunks ahead of the copy into the area: memory beyond the
            // restored pages stays bounded whatever the area's size.
            foreach (var chunk in reader.ReadChunksParallel(imageTaskId, area.Id))
            {
                foreach (var page in chunk.Pages())
                {
                    if (page.PageIndex >= area.Size / AddressSpaceLayout.PageSize || (ulong)page.Bytes.Length != AddressSpaceLayout.PageSize)
                    {
                        throw Refuse($"{where} area {area.Id}", $"page {page.PageIndex} lies outside the area or is not one page long");
                    }

                    area.LoadPage(page.PageIndex, page.Bytes.Span);
                }
            }
        }
    }

    private static KernelThread CheckThread(string where, CanonicalThread state, ThreadRecord record, KernelTask task, KernelBuildProfile profile)
    {
        if (state.ThreadId != record.ThreadId)
        {
            throw Refuse(where, $"kernel thread struct names thread {state.ThreadId}");
        }

        if (task.AddressSpace.FindById(state.StackAreaId) is not { Kind: AreaKind.Stack })
        {
            throw Refuse(where, $"stack area {state.StackAreaId} does not exist or is not a stack");
        }

        if (state.Registers.R.Count != RegisterFile.GeneralCount)
        {
            throw Refuse(where, $"has {state.Registers.R.Count} general registers, expected {RegisterFile.GeneralCount}");
        }

        if (state.QuantumLeft > (uint)profile.Quantum)
        {
            throw Refuse(where, $"quantum left {state.QuantumLeft} exceeds the build's quantum {profile.Quantum}");
        }

        CheckThreadFlags(where, state);

        switch (state.StopSite)
        {
            case TaskCapture.PreemptSite:
                if (state.State == ThreadRunState.Blocked || state.Syscall is { Restart: true })
                {
                    throw Refuse(where, "stopped at 'preempt' but blocked or with a syscall to restart");
                }

                if (state.State == ThreadRunState.Running && state.QuantumLeft == 0)
                {
                    throw Refuse(where, "is running with no quantum left");
                }

                break;
            case TaskCapture.SyscallRestartSite:
                if (state.Syscall is not { Restart: true } syscall || !SyscallDispatcher.IsRestartable(syscall.Name))
                {
                    throw Refuse(where, $"stopped at 'syscall_restart' without a restartable syscall ({state.Syscall?.Name ?? "none"})");
                }

                if (state.State != ThreadRunState.Blocked || state.QuantumLeft != 0)
                {
                    throw Refuse(where, $"stopped at 'syscall_restart' but {state.State.ToString().ToLowerInvariant()} with quantum left {state.QuantumLeft} (a blocked thread has none)");
                }

                CheckRestartArguments(where, syscall, task);

                break;
            default:
                throw Refuse(where, $"stop site '{state.StopSite}' cannot be resumed by this kernel");
        }

        var registers = new RegisterFile { Pc = state.Registers.Pc, Sp = state.Registers.Sp, Flags = state.Registers.Flags, Tls = state.Registers.Tls };
        for (var i = 0; i < RegisterFile.GeneralCount; i++)
        {
            registers.R[i] = state.Registers.R[i];
        }

        return new KernelThread(task, state.ThreadId, registers, state.StackAreaId);
    }

    /// <summary>
    /// A runnable user thread carries "uspace", a thread undone out of a syscall "restart", never both: a thread
    /// with neither is a kernel thread, which no image may create. "main" belongs to thread 1 alone.
    /// </summary>
    private static void CheckThreadFlags(string where, CanonicalThread state)
    {
        var user = state.Flags.Contains(TaskCapture.UserSpaceFlag);
        var restart = state.Flags.Contains(TaskCapture.RestartFlag);
        if (!user && !restart)
        {
            throw Refuse(where, "has neither the 'uspace' nor the 'restart' flag: a kernel thread cannot be restored");
        }

        var expected = state.StopSite == TaskCapture.SyscallRestartSite ? TaskCapture.RestartFlag : TaskCapture.UserSpaceFlag;
        if (user && restart || !state.Flags.Contains(expected))
        {
            throw Refuse(where, $"flags [{string.Join(", ", state.Flags)}] do not match stop site '{state.StopSite}' (expected '{expected}')");
        }

        var unknown = state.Flags.Except([TaskCapture.UserSpaceFlag, TaskCapture.RestartFlag, TaskCapture.MainFlag], StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw Refuse(where, $"has flags [{string.Join(", ", unknown)}] this kernel never sets on a thread");
        }

        if (state.Flags.Contains(TaskCapture.MainFlag) != (state.ThreadId == 1))
        {
            throw Refuse(where, "the 'main' flag belongs to thread 1 and only to it");
        }
    }

    /// <summary>
    /// A restart frame holds what the capture wrote and nothing else: sleep the ticks still to sleep; futex_wait
    /// an aligned address the task can read, where running could have blocked; ipc_wait its event buffer; the IPC
    /// frames that name a call (checked against the image's calls by the external-state restore); unused arguments zero.
    /// </summary>
    private static void CheckRestartArguments(string where, PendingSyscall syscall, KernelTask task)
    {
        var used = syscall.Name switch
        {
            SyscallNames.Sleep or SyscallNames.IpcWait => 1,
            SyscallNames.FutexWait => 2,
            _ => 3, // ipc_call_sync (phone, answer buffer, call id) and ipc_data_finalize (call id, buffer, bytes left): checked against the calls
        };
        if (syscall.Args.Count != PendingSyscall.ArgumentCount || syscall.Args.Skip(used).Any(arg => arg != 0))
        {
            throw Refuse(where, $"restart frame of {syscall.Name} has arguments [{string.Join(", ", syscall.Args.Select(arg => $"0x{arg:x}"))}]; only the first {used} may be non-zero");
        }

        if (syscall.Name != SyscallNames.FutexWait)
        {
            return;
        }

        var address = syscall.Args[0];
        if (address % sizeof(ulong) != 0)
        {
            throw Refuse(where, $"futex_wait address 0x{address:x} is not 8-byte aligned");
        }

        Span<byte> word = stackalloc byte[sizeof(ulong)];
        if (!task.AddressSpace.TryRead(address, word))
        {
            throw Refuse(where, $"futex_wait address 0x{address:x} is not readable memory of the task");
        }
    }

    private static void CheckRanks(string where, List<(KernelThread Thread, CanonicalThread State)> threads, string group)
    {
        for (var i = 0; i < threads.Count; i++)
        {
            if (threads[i].State.Rank != i)
            {
                throw Refuse(where, $"ranks of {group} threads are not 0..{threads.Count - 1} (thread {threads[i].Thread.Id} has rank {threads[i].State.Rank})");
            }
        }
    }

    private static RestoreException Refuse(string where, string reason) => new($"{where}: {reason}");
}
