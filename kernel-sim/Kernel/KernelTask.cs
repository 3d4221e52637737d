using KernelSim.Ipc;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Kernel;

/// <summary>A task: an address space, threads, and the counters that make its ids deterministic.</summary>
public sealed class KernelTask
{
    private readonly SortedDictionary<uint, KernelThread> _threads = new();

    internal KernelTask(ulong id, string name, string programName, Hash256 programHash, ulong rngState, INativeTask? native = null)
    {
        Id = id;
        Native = native;
        Name = name;
        ProgramName = programName;
        ProgramHash = programHash;
        RngState = rngState;
        Ipc = new TaskIpc(this);
    }

    /// <summary>Global task id, from the kernel's counter (or kept from an image at restore).</summary>
    public ulong Id { get; }

    public string Name { get; }

    /// <summary>The C# body of a native task (a service), or null for a user task running ISA code.</summary>
    public INativeTask? Native { get; }

    /// <summary>True for a native task: no threads, no address space in use, never checkpointed.</summary>
    public bool IsNative => Native is not null;

    public string ProgramName { get; }

    public Hash256 ProgramHash { get; }

    public AddressSpace AddressSpace { get; } = new();

    /// <summary>The task's answerbox, phones, outgoing calls and IPC id counters.</summary>
    public TaskIpc Ipc { get; }

    public TaskState State { get; internal set; } = TaskState.Active;

    /// <summary>The exit code (task_exit argument; -1 after a fault or a kill), once exited.</summary>
    public long? ExitCode { get; internal set; }

    /// <summary>Why the task ended, for humans: "exit 0", "fault: …", "killed".</summary>
    public string? ExitReason { get; internal set; }

    /// <summary>True when the task was re-created from an image.</summary>
    public bool IsRestored { get; internal set; }

    /// <summary>True once a checkpoint of the task was written.</summary>
    public bool IsCheckpointed { get; internal set; }

    public uint NextThreadId { get; internal set; } = 1;

    public uint NextAreaId { get; internal set; } = 1;

    public ulong HeapCursor { get; internal set; } = AddressSpaceLayout.HeapBase;

    /// <summary>State of the task's random generator (see <see cref="TaskRandom"/>).</summary>
    public ulong RngState { get; internal set; }

    /// <summary>Live threads in id order.</summary>
    public IEnumerable<KernelThread> Threads => _threads.Values;

    public int ThreadCount => _threads.Count;

    public KernelThread? FindThread(uint id) => _threads.GetValueOrDefault(id);

    internal void AddThread(KernelThread thread) => _threads.Add(thread.Id, thread);

    internal void RemoveThread(KernelThread thread) => _threads.Remove(thread.Id);

    internal void RemoveAllThreads() => _threads.Clear();

    internal uint TakeAreaId() => NextAreaId++;

    internal uint TakeThreadId() => NextThreadId++;

    public override string ToString() => $"task {Id} ({Name})";
}
