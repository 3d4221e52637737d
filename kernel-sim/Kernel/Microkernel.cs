using KernelSim.Assembler;
using KernelSim.Ipc;
using KernelSim.Machine;
using KernelSim.Memory;
using KernelSim.Scheduling;
using KernelSim.Syscalls;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Kernel;

/// <summary>
/// The simulated microkernel: one CPU, time in ticks. Each tick wakes due sleepers, then runs one
/// instruction of the scheduler's thread (preemptive round-robin with the build's quantum) or idles.
/// Everything is a function of the build profile, the seed and the commands given: no clocks, no
/// unseeded randomness, no dependence on dictionary order.
/// </summary>
public sealed class Microkernel
{
    /// <summary>The build a kernel boots when none is named.</summary>
    public const string DefaultBuild = "spartan-0.4";

    /// <summary>Bound on pumps within one settle: services that keep messaging each other are a bug, not a hang.</summary>
    private const int MaxPumpsPerSettle = 100_000;

    private readonly SortedDictionary<ulong, KernelTask> _tasks = new();
    private readonly SortedDictionary<ulong, KernelTask> _services = new();
    private readonly Dictionary<ulong, NativeIpc> _nativeIpc = new();
    private readonly Queue<KernelTask> _pumpQueue = new();
    private readonly HashSet<ulong> _pumpPending = new();
    private readonly SyscallDispatcher _syscalls;
    private ulong _nextTaskId = 1;
    private ulong _nextWaitSequence = 1;
    private int _activeTasks;

    public Microkernel(KernelBuildProfile profile, ulong seed)
    {
        Profile = profile;
        Seed = seed;
        if (profile.Quantum <= 0)
        {
            throw new ArgumentException($"build {profile.Build} has a non-positive quantum", nameof(profile));
        }

        _syscalls = new SyscallDispatcher(this);
        Ipc = new IpcSystem(this);
    }

    /// <summary>
    /// Boots the named build (from <see cref="KernelBuildCatalog"/>) bare, without native services: for tests of the
    /// kernel alone and callers that add their own native tasks. Kernels for users come from
    /// <c>KernelSim.Services.KernelBoot</c>, which boots the standard services as well.
    /// </summary>
    public static Microkernel Boot(string build = DefaultBuild, ulong seed = 0) =>
        new(KernelBuildCatalog.Find(build) ?? throw new ArgumentException(UnknownBuildMessage(build)), seed);

    /// <summary>The message for a build name no profile defines; lists the known ones.</summary>
    public static string UnknownBuildMessage(string build) =>
        $"unknown kernel build '{build}' (known: {string.Join(", ", KernelBuildCatalog.BuiltIn.Select(p => p.Build).Order(StringComparer.Ordinal))})";

    public KernelBuildProfile Profile { get; }

    public ulong Seed { get; }

    /// <summary>Ticks completed since boot.</summary>
    public ulong Now { get; private set; }

    public KernelConsole Console { get; } = new();

    /// <summary>The shared page stores (share-out, share-in, service memory) and their id counter.</summary>
    public SharedMemory SharedMemory { get; } = new();

    /// <summary>
    /// The image the tasks' dirty pages are counted from (the last checkpoint written to a file, or the last image
    /// restored), or null before either: an incremental checkpoint may only name this image as its parent.
    /// </summary>
    public DirtyBaseline? DirtyBaseline { get; internal set; }

    /// <summary>Every task the kernel knows, live or exited, in id order.</summary>
    public IEnumerable<KernelTask> Tasks => _tasks.Values;

    /// <summary>Number of tasks that have not exited.</summary>
    public int ActiveTaskCount => _activeTasks;

    /// <summary>True while some task can still run.</summary>
    public bool HasActiveTasks => _activeTasks > 0;

    internal RunQueue RunQueue { get; } = new();

    internal SleepQueue SleepQueue { get; } = new();

    internal FutexTable Futexes { get; } = new();

    internal SyscallDispatcher Syscalls => _syscalls;

    internal IpcSystem Ipc { get; }

    /// <summary>Native tasks (services) in service id order; they are not in <see cref="Tasks"/>.</summary>
    public IEnumerable<KernelTask> NativeTasks => _services.Values;

    /// <summary>The user task with this id, or the native task when the id is in the native range.</summary>
    public KernelTask? FindTask(ulong id) =>
        NativeTaskIds.IsNative(id) ? _services.GetValueOrDefault(id - NativeTaskIds.Base) : _tasks.GetValueOrDefault(id);

    /// <summary>The native task of the service with persistent id <paramref name="serviceId"/>, or null when it is not booted.</summary>
    public KernelTask? FindService(ulong serviceId) => _services.GetValueOrDefault(serviceId);

    /// <summary>
    /// Boots a native task: a threadless task with id <see cref="NativeTaskIds.Of"/>(service id) whose body
    /// the kernel pumps. The naming service (id 1) must be added before any user task exists, because every
    /// user task is born with phone 0 connected to it.
    /// </summary>
    public KernelTask AddService(INativeTask body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.ServiceId == 0 || body.ServiceId >= ulong.MaxValue - NativeTaskIds.Base)
        {
            throw new ArgumentException($"service '{body.Name}' has invalid persistent id {body.ServiceId}", nameof(body));
        }

        if (_services.ContainsKey(body.ServiceId))
        {
            throw new InvalidOperationException($"a service with persistent id {body.ServiceId} is already booted");
        }

        if (body.ServiceId == NativeTaskIds.NamingServiceId && _tasks.Count > 0)
        {
            throw new InvalidOperationException("the naming service must be booted before the first user task (phone 0 of every task connects to it)");
        }

        var task = new KernelTask(NativeTaskIds.Of(body.ServiceId), body.Name, body.Name, default, rngState: 0, body);
        _services.Add(body.ServiceId, task);
        _nativeIpc.Add(task.Id, new NativeIpc(this, task));
        return task;
    }

    /// <summary>
    /// Pumps every native task that got an event since it was last pumped, until none is left (a pump
    /// may deliver to another service). Zero ticks; the kernel calls it after every tick, callers that
    /// deliver between ticks (restore) may call it to settle at once.
    /// </summary>
    public void PumpNativeTasks()
    {
        var pumps = 0;
        while (_pumpQueue.TryDequeue(out var task))
        {
            _pumpPending.Remove(task.Id);
            if (++pumps > MaxPumpsPerSettle)
            {
                throw new InvalidOperationException($"native tasks did not settle after {MaxPumpsPerSettle} pumps (services calling each other in a loop)");
            }

            task.Native!.Pump(_nativeIpc[task.Id]);
        }
    }

    /// <summary>The native view of IPC a service body gets (tests drive services through it).</summary>
    public NativeIpc NativeIpcOf(KernelTask task) =>
        _nativeIpc.TryGetValue(task.Id, out var ipc) ? ipc : throw new ArgumentException($"{task} is not a native task");

    /// <summary>Queues a pump of <paramref name="task"/> when it is native (an event reached its answerbox).</summary>
    internal void RequestPump(KernelTask task)
    {
        if (task.IsNative && task.State == TaskState.Active && _pumpPending.Add(task.Id))
        {
            _pumpQueue.Enqueue(task);
        }
    }

    /// <summary>The live task with this id, or an <see cref="ArgumentException"/>.</summary>
    public KernelTask ActiveTask(ulong id) =>
        _tasks.TryGetValue(id, out var task) && task.State == TaskState.Active
            ? task
            : throw new ArgumentException($"task {id} does not exist or has exited");

    /// <summary>Creates a task running <paramref name="program"/> with <paramref name="argument"/> in r1 of its main thread.</summary>
    public KernelTask Spawn(AssembledProgram program, ulong argument = 0, string? name = null)
    {
        if (_activeTasks >= KernelLimits.MaxTasks)
        {
            throw new InvalidOperationException($"the kernel already runs {KernelLimits.MaxTasks} tasks");
        }

        var id = TakeTaskId();
        var task = new KernelTask(id, name ?? program.Name, program.Name, program.Hash, TaskRandom.Seed(Seed, id));
        LoadImage(task, AssembledProgram.CodeBase, program.Code, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, "code");
        if (program.Data.Length > 0)
        {
            LoadImage(task, AssembledProgram.DataBase, program.Data, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, "data");
        }

        AddTask(task);
        CreateThread(task, program.Entry, argument);
        return task;
    }

    /// <summary>Runs one tick.</summary>
    public void Tick()
    {
        foreach (var sleeper in SleepQueue.TakeDue(Now))
        {
            Wake(sleeper, result: 0);
        }

        if (RunQueue.Pick((uint)Profile.Quantum) is { } thread)
        {
            Execute(thread);
        }

        Ipc.StepTransfers();
        foreach (var service in _services.Values)
        {
            RequestPump(service);
        }

        PumpNativeTasks();
        Now++;
    }

    /// <summary>Runs <paramref name="ticks"/> ticks.</summary>
    public void Run(ulong ticks)
    {
        for (ulong i = 0; i < ticks; i++)
        {
            Tick();
        }
    }

    /// <summary>
    /// Runs until no task is active, no thread can ever run again (every thread waits on a futex or a
    /// call, no data transfer is copying, and no native task will act at a later tick on its own), or
    /// <paramref name="maxTicks"/> ticks have run.
    /// </summary>
    public RunResult RunUntilExit(ulong maxTicks)
    {
        var start = Now;
        while (true)
        {
            if (!HasActiveTasks)
            {
                return new RunResult(Now - start, RunStop.AllExited);
            }

            if (RunQueue.IsIdle && SleepQueue.Count == 0 && Ipc.Copying.Count == 0 && NextNativeWakeUp() is null)
            {
                return new RunResult(Now - start, RunStop.Deadlock);
            }

            if (Now - start >= maxTicks)
            {
                return new RunResult(Now - start, RunStop.TickLimit);
            }

            Tick();
        }
    }

    /// <summary>The earliest tick, now or later, at which a native task will answer a waiting client on its own (scripted input arrives), or null.</summary>
    public ulong? NextNativeWakeUp() =>
        _services.Values
            .Where(service => service.State == TaskState.Active)
            .Select(service => service.Native!.NextWakeUp(Now))
            .Where(tick => tick is not null)
            .Min();

    /// <summary>Ends a task at once (all threads, wherever they are).</summary>
    public void Kill(ulong taskId) => ExitTask(ActiveTask(taskId), -1, "killed");

    /// <summary>The run queue position of each ready or running thread of <paramref name="task"/> (the running thread first).</summary>
    internal IReadOnlyList<KernelThread> RunnableInOrder(KernelTask task)
    {
        var order = new List<KernelThread>();
        if (RunQueue.Current is { } current && ReferenceEquals(current.Task, task))
        {
            order.Add(current);
        }

        order.AddRange(RunQueue.Ready.Where(thread => ReferenceEquals(thread.Task, task)));
        return order;
    }

    /// <summary>Registers a fully built task (spawn or restore); its id must be free.</summary>
    internal void AddTask(KernelTask task)
    {
        if (NativeTaskIds.IsNative(task.Id))
        {
            throw new InvalidOperationException($"task id {task.Id} is in the native task range");
        }

        if (_services.TryGetValue(NativeTaskIds.NamingServiceId, out var naming) && task.Ipc.FindPhone(0) is null)
        {
            IpcSystem.ConnectPhoneZero(task, naming);
        }

        _tasks[task.Id] = task;
        _activeTasks++;
        if (task.Id >= _nextTaskId)
        {
            _nextTaskId = task.Id + 1;
        }
    }

    /// <summary>True when no live task uses <paramref name="id"/>.</summary>
    internal bool IsTaskIdFree(ulong id) => id != 0 && !NativeTaskIds.IsNative(id) && (!_tasks.TryGetValue(id, out var task) || task.State == TaskState.Exited);

    /// <summary>The id <see cref="TakeTaskId"/> would hand out, skipping <paramref name="reserved"/>, without taking it.</summary>
    internal ulong PeekFreeTaskId(IReadOnlySet<ulong> reserved)
    {
        var id = _nextTaskId;
        while (!IsTaskIdFree(id) || reserved.Contains(id))
        {
            id++;
        }

        return id;
    }

    internal ulong TakeTaskId()
    {
        while (!IsTaskIdFree(_nextTaskId))
        {
            _nextTaskId++;
        }

        return _nextTaskId++;
    }

    /// <summary>Creates a thread with its own stack area, queued at the back of the run queue; null when the task has no room for one.</summary>
    internal KernelThread? CreateThread(KernelTask task, ulong entry, ulong argument)
    {
        if (task.ThreadCount >= KernelLimits.MaxThreadsPerTask || task.AddressSpace.Count >= KernelLimits.MaxAreasPerTask)
        {
            return null;
        }

        var stackBase = FindStackBase(task.AddressSpace);
        if (stackBase is null)
        {
            return null;
        }

        var stack = new Area(task.TakeAreaId(), stackBase.Value, AddressSpaceLayout.StackSize, AreaFlags.Read | AreaFlags.Write,
            AreaKind.Stack, AreaBacking.Anonymous, "stack");
        task.AddressSpace.Add(stack);
        var registers = new RegisterFile { Pc = entry, Sp = stack.End };
        registers.R[1] = argument;
        var thread = new KernelThread(task, task.TakeThreadId(), registers, stack.Id);
        task.AddThread(thread);
        RunQueue.Enqueue(thread);
        return thread;
    }

    /// <summary>Creates a heap area at the task's heap cursor (skipping anything in the way); null when out of space.</summary>
    internal Area? CreateHeapArea(KernelTask task, ulong size, AreaFlags flags)
    {
        if (task.AddressSpace.Count >= KernelLimits.MaxAreasPerTask)
        {
            return null;
        }

        var @base = task.HeapCursor;
        while (!task.AddressSpace.IsFree(@base, size))
        {
            var blocker = task.AddressSpace.Areas.FirstOrDefault(area => @base < area.End && area.Base < @base + size);
            if (blocker is null)
            {
                return null; // outside user space
            }

            @base = blocker.End + AddressSpaceLayout.GuardSize;
        }

        var heap = new Area(task.TakeAreaId(), @base, size, flags, AreaKind.Heap, AreaBacking.Anonymous, "heap");
        task.AddressSpace.Add(heap);
        task.HeapCursor = heap.End + AddressSpaceLayout.GuardSize;
        return heap;
    }

    /// <summary>
    /// Maps <paramref name="store"/> into <paramref name="task"/> as a new heap-kind area: at <paramref name="base"/>
    /// when it is page-aligned and free, or where the next heap area would go when it is 0; null when it cannot.
    /// </summary>
    internal Area? MapShared(KernelTask task, SharedPageStore store, ulong @base, AreaFlags flags)
    {
        if (task.AddressSpace.Count >= KernelLimits.MaxAreasPerTask)
        {
            return null;
        }

        Area? area;
        if (@base == 0)
        {
            area = CreateHeapArea(task, store.Size, flags);
        }
        else if (AddressSpaceLayout.IsPageAligned(@base) && task.AddressSpace.IsFree(@base, store.Size))
        {
            area = new Area(task.TakeAreaId(), @base, store.Size, flags, AreaKind.Heap, AreaBacking.Shared, "shared");
            task.AddressSpace.Add(area);
        }
        else
        {
            return null;
        }

        if (area is not null)
        {
            SharedMemory.Attach(store, task, area);
        }

        return area;
    }

    internal void BlockInSleep(KernelThread thread, ulong ticks)
    {
        thread.Wait = new WaitRecord(WaitReason.Sleep, _nextWaitSequence++, SaturatingAdd(Now, ticks), 0, 0);
        thread.State = SchedulingState.Blocked;
        SleepQueue.Add(thread);
    }

    internal void BlockOnFutex(KernelThread thread, ulong address, ulong expected)
    {
        thread.Wait = new WaitRecord(WaitReason.Futex, _nextWaitSequence++, 0, address, expected);
        thread.State = SchedulingState.Blocked;
        Futexes.Enqueue(thread, address);
    }

    internal void BlockInIpc(KernelThread thread, WaitReason reason, ulong userBuffer)
    {
        thread.Wait = new WaitRecord(reason, _nextWaitSequence++, 0, 0, 0, userBuffer);
        thread.State = SchedulingState.Blocked;
    }

    internal void WakeFromIpc(KernelThread thread, ulong result) => Wake(thread, result);

    /// <summary>
    /// Undoes the syscall a blocked thread is in, as a checkpoint conceptually does: the thread leaves
    /// every wait queue and is neither runnable nor blocked until <see cref="SyscallDispatcher.Restart"/>
    /// re-enters the syscall. What the syscall already did (a sent synchronous call) stays done.
    /// </summary>
    internal void UndoBlockedSyscall(KernelThread thread)
    {
        if (thread.Wait is null)
        {
            throw new InvalidOperationException($"{thread} is not blocked in a syscall");
        }

        Detach(thread);
    }

    internal int WakeFutex(KernelTask task, ulong address, ulong count)
    {
        var woken = Futexes.Wake(task.Id, address, count);
        foreach (var thread in woken)
        {
            Wake(thread, result: 0);
        }

        return woken.Count;
    }

    internal void ExitThread(KernelThread thread)
    {
        var task = thread.Task;
        if (task.ThreadCount == 1)
        {
            ExitTask(task, 0, "exit 0 (last thread exited)");
            return;
        }

        Detach(thread);
        Ipc.AbandonTransfer(thread);
        task.RemoveThread(thread);
        if (task.AddressSpace.FindById(thread.StackAreaId) is { } stack)
        {
            task.AddressSpace.Remove(stack);
        }
    }

    internal void ExitTask(KernelTask task, long code, string reason)
    {
        foreach (var thread in task.Threads)
        {
            Detach(thread);
            Ipc.AbandonTransfer(thread);
        }

        task.RemoveAllThreads();
        foreach (var area in task.AddressSpace.Areas.ToArray())
        {
            task.AddressSpace.Remove(area);
            SharedMemory.Detach(area);
        }

        task.State = TaskState.Exited;
        _activeTasks--;
        Ipc.TaskExited(task);
        task.ExitCode = code;
        task.ExitReason = reason;
    }

    private void Execute(KernelThread thread)
    {
        var result = Interpreter.Step(thread.Registers, thread.Task.AddressSpace, out var fault);
        thread.QuantumLeft--;
        switch (result)
        {
            case StepResult.Executed:
                break;
            case StepResult.Syscall:
                switch (_syscalls.Dispatch(thread))
                {
                    case SyscallOutcome.Return:
                        break;
                    case SyscallOutcome.Yield:
                        RunQueue.Requeue();
                        return;
                    case SyscallOutcome.Block:
                        RunQueue.Release();
                        return;
                    case SyscallOutcome.Exited:
                        return;
                }

                break;
            case StepResult.Fault:
                var task = thread.Task;
                Console.AppendLine(task.Id,
                    $"[kernel] task {task.Id} ({task.Name}) thread {thread.Id}: fault at pc 0x{thread.Registers.Pc:x}: {fault ?? "unknown fault"}; task killed");
                ExitTask(task, -1, $"fault: {fault}");
                return;
        }

        if (thread.QuantumLeft == 0)
        {
            RunQueue.Requeue();
        }
    }

    private void Wake(KernelThread thread, ulong result)
    {
        thread.Wait = null;
        thread.Registers.R[0] = result;
        RunQueue.Enqueue(thread);
    }

    /// <summary>Takes a thread out of every kernel queue it is in.</summary>
    private void Detach(KernelThread thread)
    {
        switch (thread.Wait)
        {
            case { Reason: WaitReason.Sleep }:
                SleepQueue.Remove(thread);
                break;
            case { Reason: WaitReason.Futex } wait:
                Futexes.Remove(thread, wait.FutexAddress);
                break;
            case { Reason: WaitReason.IpcWait or WaitReason.IpcSyncCall or WaitReason.IpcTransfer }:
                Ipc.ThreadDetached(thread);
                break;
            default:
                RunQueue.Remove(thread);
                break;
        }

        thread.Wait = null;
    }

    private static ulong? FindStackBase(AddressSpace space)
    {
        // Below the lowest existing stack (with a guard gap), or at the top for the first one: a pure
        // function of the areas, so a restored task places its next stack where the original would.
        var lowest = space.Areas.Where(area => area.Kind == AreaKind.Stack).Select(area => area.Base).DefaultIfEmpty(AddressSpaceLayout.StackTop + AddressSpaceLayout.GuardSize).Min();
        var candidate = lowest - AddressSpaceLayout.GuardSize - AddressSpaceLayout.StackSize;
        while (!space.IsFree(candidate, AddressSpaceLayout.StackSize))
        {
            var blocker = space.Areas.FirstOrDefault(area => candidate < area.End && area.Base < candidate + AddressSpaceLayout.StackSize);
            if (blocker is null || blocker.Base < AddressSpaceLayout.HeapBase + AddressSpaceLayout.StackSize)
            {
                return null;
            }

            candidate = blocker.Base - AddressSpaceLayout.GuardSize - AddressSpaceLayout.StackSize;
        }

        return candidate;
    }

    private static void LoadImage(KernelTask task, ulong @base, byte[] bytes, AreaFlags flags, AreaKind kind, string name)
    {
        var area = new Area(task.TakeAreaId(), @base, AddressSpaceLayout.RoundUpToPage((ulong)bytes.Length), flags, kind, AreaBacking.Program, name);
        area.Write(0, bytes);
        task.AddressSpace.Add(area);
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => ulong.MaxValue - a < b ? ulong.MaxValue : a + b;
}
