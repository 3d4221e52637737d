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

    public override string ToString() => $"task {Task.Id} thread {Id}";
}
