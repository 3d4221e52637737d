using KernelSim.Kernel;

namespace KernelSim.Ipc;

/// <summary>
/// The sender's end of a connection: a task-local id (from the task's counter, never an address, so
/// a restore can give it back) and the answerbox its calls go to.
/// </summary>
public sealed class Phone
{
    internal Phone(KernelTask owner, ulong id, Answerbox callee)
    {
        Owner = owner;
        Id = id;
        Callee = callee;
    }

    public KernelTask Owner { get; }

    /// <summary>Sender-side phone id; ids are never reused, so hung-up phones leave holes.</summary>
    public ulong Id { get; }

    public Answerbox Callee { get; }

    public PhoneState State { get; internal set; } = PhoneState.Connected;

    public override string ToString() => $"phone {Id} of task {Owner.Id} to task {Callee.Owner.Id} ({State})";
}
