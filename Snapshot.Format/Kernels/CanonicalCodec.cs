using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>
/// Converts the build-specific blobs of TASK, THREAD and CALLS sections to and from the build-independent
/// canonical form, through a build profile. Decode then encode with another build's profile is how an
/// image moves between builds.
/// </summary>
/// <remarks>
/// Kernel stack conventions: <c>syscall</c> holds the build's number, 0 with <c>restart</c> 0 when no
/// syscall is pending (the arguments then carry no meaning and decode to nothing); <c>restart</c> is 1
/// when the syscall was undone and is re-entered at resume; <c>stop_site</c> is one of the build's stop sites.
/// A build may leave out the fields decoding derives (kernel-profiles.md §5.1) and add extension fields
/// with a documented default (§5.2).
/// </remarks>
public static class CanonicalCodec
{
    private const string RestartSite = "syscall_restart";

    /// <summary>Decodes a thread's two blobs.</summary>
    /// <exception cref="SnapshotFormatException">Wrong blob size, or a value the build does not define.</exception>
    public static CanonicalThread DecodeThread(ThreadRecord record, KernelBuildProfile profile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        var thread = new StructReader(profile.Thread, record.KernelThread.Span, profile);
        var stack = new StructReader(profile.KernelStack, record.KernelStack.Span, profile);

        uint threadId = thread.Number32(CanonicalFields.ThreadId);
        if (thread.Has(CanonicalFields.ThreadId) && threadId != record.ThreadId)
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

        string stopSite = stack.StopSite(CanonicalFields.StopSite);
        PendingSyscall? syscall = null;
        ulong number = stack.Number(CanonicalFields.Syscall);
        ulong restart = stack.Has(CanonicalFields.Restart)
            ? stack.Number(CanonicalFields.Restart)
            : DerivedRestart(number != 0, stopSite);
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

        var extensions = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach ((string name, ulong value) in thread.Extensions().Concat(stack.Extensions()))
            extensions[name] = value;

        return new CanonicalThread(
            record.ThreadId, state, thread.FlagNames(CanonicalFields.Flags),
            thread.Number32(CanonicalFields.QuantumLeft), thread.Number32(CanonicalFields.Rank),
            thread.Number32(CanonicalFields.StackArea),
            stopSite,
            new UserRegisters(registers, stack.Number(CanonicalFields.Pc), stack.Number(CanonicalFields.Sp),
                stack.Number(CanonicalFields.UserFlags), stack.Number(CanonicalFields.Tls)),
            syscall)
        { Extensions = extensions };
    }

    /// <summary>Lays a canonical thread out as <paramref name="profile"/>'s build does.</summary>
    /// <exception cref="SnapshotFormatException">The build cannot express a value (no such stop site, syscall, flag, or field too narrow).</exception>
    public static ThreadRecord EncodeThread(ulong taskId, CanonicalThread thread, KernelBuildProfile profile)
    {
        var problems = new List<StructProblem>();
        return EncodeThread(taskId, thread, profile, problems) ?? throw Problem("THREAD", problems);
    }

    /// <summary>Lays a canonical thread out, recording every value the build cannot express; null when there was one.</summary>
    internal static ThreadRecord? EncodeThread(ulong taskId, CanonicalThread thread, KernelBuildProfile profile, List<StructProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(profile);
        if (thread.Registers.R.Count != UserRegisters.GeneralCount)
            throw new ArgumentException($"a thread has {UserRegisters.GeneralCount} general registers, not {thread.Registers.R.Count}", nameof(thread));
        if (thread.Syscall is { } s && s.Args.Count != PendingSyscall.ArgumentCount)
            throw new ArgumentException($"a syscall has {PendingSyscall.ArgumentCount} arguments, not {s.Args.Count}", nameof(thread));

        var kernelThread = new StructBuilder(profile.Thread, profile);
        kernelThread.Derivable(CanonicalFields.ThreadId, thread.ThreadId, thread.ThreadId, "the THREAD section");
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
            stack.Derivable(CanonicalFields.Restart, syscall.Restart ? 1UL : 0UL,
                DerivedRestart(true, thread.StopSite), "the stop site");
        }
        for (int i = 0; i < UserRegisters.GeneralCount; i++)
            stack.Number(CanonicalFields.Register(i), thread.Registers.R[i]);
        stack.Number(CanonicalFields.Pc, thread.Registers.Pc);
        stack.Number(CanonicalFields.Sp, thread.Registers.Sp);
        stack.Number(CanonicalFields.UserFlags, thread.Registers.Flags);
        stack.Number(CanonicalFields.Tls, thread.Registers.Tls);

        // An extension lives in whichever of the two structs declares it.
        var forThread = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        var forStack = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach ((string name, ulong value) in thread.Extensions)
            (profile.KernelStack.Find(name) is { Default: not null } ? forStack : forThread)[name] = value;
        kernelThread.Extensions(forThread);
        stack.Extensions(forStack);

        problems.AddRange(kernelThread.Problems);
        problems.AddRange(stack.Problems);
        if (kernelThread.Problems.Count > 0 || stack.Problems.Count > 0)
            return null;
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
        if (task.Has(CanonicalFields.TaskId) && taskId != record.TaskId)
            FormatThrow.Invalid("TASK", null, $"task blob says task {taskId}, the section says {record.TaskId}");
        return new CanonicalTask(
            record.TaskId, task.EnumName(CanonicalFields.State), task.FlagNames(CanonicalFields.Flags),
            task.Number32(CanonicalFields.NextThreadId), task.Number32(CanonicalFields.NextAreaId),
            task.Number32(CanonicalFields.ThreadCount), task.Number32(CanonicalFields.AreaCount),
            task.Number(CanonicalFields.HeapCursor), task.Number(CanonicalFields.RngState))
        { Extensions = task.Extensions() };
    }

    /// <summary>Lays a canonical task out as <paramref name="profile"/>'s build does.</summary>
    /// <exception cref="SnapshotFormatException">The build cannot express a value.</exception>
    public static ReadOnlyMemory<byte> EncodeTask(CanonicalTask task, KernelBuildProfile profile)
    {
        var problems = new List<StructProblem>();
        return EncodeTask(task, profile, problems) ?? throw Problem("TASK", problems);
    }

    /// <summary>Lays a canonical task out, recording every value the build cannot express; null when there was one.</summary>
    internal static byte[]? EncodeTask(CanonicalTask task, KernelBuildProfile profile, List<StructProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(profile);
        var builder = new StructBuilder(profile.Task, profile);
        builder.Derivable(CanonicalFields.TaskId, task.TaskId, task.TaskId, "the TASK section");
        builder.EnumName(CanonicalFields.State, task.State);
        builder.FlagNames(CanonicalFields.Flags, task.Flags);
        builder.Number(CanonicalFields.NextThreadId, task.NextThreadId);
        builder.Number(CanonicalFields.NextAreaId, task.NextAreaId);
        builder.Number(CanonicalFields.ThreadCount, task.ThreadCount);
        builder.Number(CanonicalFields.AreaCount, task.AreaCount);
        builder.Number(CanonicalFields.HeapCursor, task.HeapCursor);
        builder.Number(CanonicalFields.RngState, task.RngState);
        builder.Extensions(task.Extensions);
        problems.AddRange(builder.Problems);
        return builder.Problems.Count == 0 ? builder.Build() : null;
    }

    /// <summary>Decodes one pending call (CALLS section) with the build's "call" struct.</summary>
    /// <exception cref="SnapshotFormatException">The build has no call struct, the blob has the wrong size, or a value the build does not define.</exception>
    public static CanonicalCall DecodeCall(CallRecord record, KernelBuildProfile profile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        return CallCodec.Decode(record, profile);
    }

    /// <summary>Lays a canonical call out as <paramref name="profile"/>'s build does.</summary>
    /// <exception cref="SnapshotFormatException">The build has no call struct (it cannot hold IPC state) or cannot express a value.</exception>
    public static CallRecord EncodeCall(CanonicalCall call, KernelBuildProfile profile)
    {
        var problems = new List<StructProblem>();
        return EncodeCall(call, profile, problems) ?? throw Problem("CALLS", problems);
    }

    /// <summary>Lays a canonical call out, recording every value the build cannot express; null when there was one.</summary>
    internal static CallRecord? EncodeCall(CanonicalCall call, KernelBuildProfile profile, List<StructProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(profile);
        return CallCodec.Encode(call, profile, problems);
    }

    /// <summary>A build without a <c>restart</c> field restarts exactly the syscalls stopped at "syscall_restart".</summary>
    private static ulong DerivedRestart(bool hasSyscall, string stopSite) => hasSyscall && stopSite == RestartSite ? 1UL : 0UL;

    private static SnapshotFormatException Problem(string section, List<StructProblem> problems) =>
        new(section, null, problems[0].Reason);
}
