using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>
/// Converts the build-specific blobs of TASK and THREAD sections to and from the build-independent
/// canonical form, through a build profile. Decode then encode with another build's profile is how an
/// image moves between builds.
/// </summary>
/// <remarks>
/// Kernel stack conventions: <c>syscall</c> holds the build's number, 0 with <c>restart</c> 0 when no
/// syscall is pending (the arguments then carry no meaning and decode to nothing); <c>restart</c> is 1
/// when the syscall was undone and is re-entered at resume; <c>stop_site</c> is one of the build's stop sites.
/// </remarks>
public static class CanonicalCodec
{
    /// <summary>Decodes a thread's two blobs.</summary>
    /// <exception cref="SnapshotFormatException">Wrong blob size, or a value the build does not define.</exception>
    public static CanonicalThread DecodeThread(ThreadRecord record, KernelBuildProfile profile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        var thread = new StructReader(profile.Thread, record.KernelThread.Span, profile);
        var stack = new StructReader(profile.KernelStack, record.KernelStack.Span, profile);

        uint threadId = thread.Number32(CanonicalFields.ThreadId);
        if (profile.Thread.Find(CanonicalFields.ThreadId) is not null && threadId != record.ThreadId)
            thread.Fail($"thread blob says thread {threadId}, the section says {record.ThreadId}");
        string stateName = thread.EnumName(CanonicalFields.State);
        ThreadRunState state = stateName switch
        {
            "ready" => ThreadRunState.Ready,
            "running" => ThreadRunState.Running,
            "blocked" => ThreadRunState.Blocked,
            _ => thread.Fail<ThreadRunState>($"thread state '{stateName}' has no canonical meaning"),
        };

        var registers = new ulong[UserRegisters.GeneralCount];
        for (int i = 0; i < registers.Length; i++)
            registers[i] = stack.Number(CanonicalFields.Register(i));

        PendingSyscall? syscall = null;
        ulong number = stack.Number(CanonicalFields.Syscall);
        ulong restart = stack.Number(CanonicalFields.Restart);
        if (restart > 1)
            stack.Fail($"kstack.restart is {restart}, not 0 or 1");
        if (number == 0 && restart == 1)
            stack.Fail("kstack.restart is set but no syscall is recorded");
        if (number != 0)
        {
            var args = new ulong[PendingSyscall.ArgumentCount];
            for (int i = 0; i < args.Length; i++)
                args[i] = stack.Number(CanonicalFields.Arg(i));
            syscall = new PendingSyscall(stack.SyscallName(CanonicalFields.Syscall), args, restart == 1);
        }

        return new CanonicalThread(
            record.ThreadId, state, thread.FlagNames(CanonicalFields.Flags),
            thread.Number32(CanonicalFields.QuantumLeft), thread.Number32(CanonicalFields.Rank),
            thread.Number32(CanonicalFields.StackArea),
            stack.StopSite(CanonicalFields.StopSite),
            new UserRegisters(registers, stack.Number(CanonicalFields.Pc), stack.Number(CanonicalFields.Sp),
                stack.Number(CanonicalFields.UserFlags), stack.Number(CanonicalFields.Tls)),
            syscall);
    }

    /// <summary>Lays a canonical thread out as <paramref name="profile"/>'s build does.</summary>
    /// <exception cref="SnapshotFormatException">The build cannot express a value (no such stop site, syscall, flag, or field too narrow).</exception>
    public static ThreadRecord EncodeThread(ulong taskId, CanonicalThread thread, KernelBuildProfile profile)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(profile);
        if (thread.Registers.R.Count != UserRegisters.GeneralCount)
            throw new ArgumentException($"a thread has {UserRegisters.GeneralCount} general registers, not {thread.Registers.R.Count}", nameof(thread));
        if (thread.Syscall is { } s && s.Args.Count != PendingSyscall.ArgumentCount)
            throw new ArgumentException($"a syscall has {PendingSyscall.ArgumentCount} arguments, not {s.Args.Count}", nameof(thread));

        var kernelThread = new StructBuilder(profile.Thread, profile);
        kernelThread.Number(CanonicalFields.ThreadId, thread.ThreadId);
        kernelThread.EnumName(CanonicalFields.State, thread.State switch
        {
            ThreadRunState.Ready => "ready",
            ThreadRunState.Running => "running",
            ThreadRunState.Blocked => "blocked",
            _ => throw new ArgumentOutOfRangeException(nameof(thread), thread.State, "unknown thread state"),
        });
        kernelThread.FlagNames(CanonicalFields.Flags, thread.Flags);
        kernelThread.Number(CanonicalFields.QuantumLeft, thread.QuantumLeft);
        kernelThread.Number(CanonicalFields.Rank, thread.Rank);
        kernelThread.Number(CanonicalFields.StackArea, thread.StackAreaId);

        var stack = new StructBuilder(profile.KernelStack, profile);
        stack.StopSite(CanonicalFields.StopSite, thread.StopSite);
        if (thread.Syscall is { } syscall)
        {
            stack.Syscall(CanonicalFields.Syscall, syscall.Name);
            for (int i = 0; i < PendingSyscall.ArgumentCount; i++)
                stack.Number(CanonicalFields.Arg(i), syscall.Args[i]);
            stack.Number(CanonicalFields.Restart, syscall.Restart ? 1UL : 0UL);
        }
        for (int i = 0; i < UserRegisters.GeneralCount; i++)
            stack.Number(CanonicalFields.Register(i), thread.Registers.R[i]);
        stack.Number(CanonicalFields.Pc, thread.Registers.Pc);
        stack.Number(CanonicalFields.Sp, thread.Registers.Sp);
        stack.Number(CanonicalFields.UserFlags, thread.Registers.Flags);
        stack.Number(CanonicalFields.Tls, thread.Registers.Tls);

        return new ThreadRecord(taskId, thread.ThreadId, kernelThread.Build(), stack.Build());
    }

    /// <summary>Decodes a task's kernel struct blob.</summary>
    /// <exception cref="SnapshotFormatException">Wrong blob size, or a value the build does not define.</exception>
    public static CanonicalTask DecodeTask(TaskRecord record, KernelBuildProfile profile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        var task = new StructReader(profile.Task, record.KernelTask.Span, profile);
        ulong taskId = task.Number(CanonicalFields.TaskId);
        if (profile.Task.Find(CanonicalFields.TaskId) is not null && taskId != record.TaskId)
            FormatThrow.Invalid("TASK", null, $"task blob says task {taskId}, the section says {record.TaskId}");
        return new CanonicalTask(
            record.TaskId, task.EnumName(CanonicalFields.State), task.FlagNames(CanonicalFields.Flags),
            task.Number32(CanonicalFields.NextThreadId), task.Number32(CanonicalFields.NextAreaId),
            task.Number32(CanonicalFields.ThreadCount), task.Number32(CanonicalFields.AreaCount),
            task.Number(CanonicalFields.HeapCursor), task.Number(CanonicalFields.RngState));
    }

    /// <summary>Lays a canonical task out as <paramref name="profile"/>'s build does.</summary>
    /// <exception cref="SnapshotFormatException">The build cannot express a value.</exception>
    public static ReadOnlyMemory<byte> EncodeTask(CanonicalTask task, KernelBuildProfile profile)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(profile);
        var builder = new StructBuilder(profile.Task, profile);
        builder.Number(CanonicalFields.TaskId, task.TaskId);
        builder.EnumName(CanonicalFields.State, task.State);
        builder.FlagNames(CanonicalFields.Flags, task.Flags);
        builder.Number(CanonicalFields.NextThreadId, task.NextThreadId);
        builder.Number(CanonicalFields.NextAreaId, task.NextAreaId);
        builder.Number(CanonicalFields.ThreadCount, task.ThreadCount);
        builder.Number(CanonicalFields.AreaCount, task.AreaCount);
        builder.Number(CanonicalFields.HeapCursor, task.HeapCursor);
        builder.Number(CanonicalFields.RngState, task.RngState);
        return builder.Build();
    }
}
