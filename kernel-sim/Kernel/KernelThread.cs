using KernelSim.Ipc;
using KernelSim.Machine;

namespace KernelSim.Kernel;

/// <summary>A thread: user registers plus the kernel's scheduling state for it.</summary>
public sealed class KernelThread
{
    internal KernelThread(KernelTask task, uint id, RegisterFile registers, uint stackAreaId)
    {
        Task = task;
        Id = id;
        Registers = registers;
        StackAreaId = stackAreaId;
    }

    public KernelTask Task { get; }

    /// <summary>Task-local id; the main thread is 1.</summary>
    public uint Id { get; }

    public bool IsMain => Id == 1;

    public RegisterFile Registers { get; }

    public uint StackAreaId { get; }

    public SchedulingState State { get; internal set; } = SchedulingState.Ready;

    /// <summary>Instructions left in the current quantum; 0 means "a fresh quantum when next picked".</summary>
    public uint QuantumLeft { get; internal set; }

    /// <summary>The syscall the thread is blocked in, or null when runnable.</summary>
    public WaitRecord? Wait { get; internal set; }

    /// <summary>
    /// The synchronous call this thread sent and has not yet received the answer of. It outlives an
    /// undone ipc_call_sync, so the restarted syscall waits for this call instead of sending it twice.
    /// </summary>
    public IpcCall? SyncCall { get; internal set; }

    /// <summary>Where the answer of <see cref="SyncCall"/> is written (the caller's message buffer).</summary>
    public ulong SyncAnswerBuffer { get; internal set; }

    /// <summary>The data-transfer call this thread finalizes while it waits in ipc_data_finalize (kept across an undo), or null.</summary>
    public IpcCall? TransferCall { get; internal set; }

    /// <summary>The thread's private answerbox: answers to its synchronous calls arrive here, never in the task's answerbox.</summary>
    public Answerbox PrivateAnswerbox => _privateAnswerbox ??= new Answerbox(Task, this);

    private Answerbox? _privateAnswerbox;

    public override string ToString() => $"task {Task.Id} thread {Id}";
}
