using KernelSim.Checkpoint;
using Snapshot.Format;

namespace KernelSim.Cli;

/// <summary>The checkpoint-set options of <c>kernel-sim checkpoint</c>: more programs, console input, timeout and the policies.</summary>
public sealed record CheckpointSetOptions(
    IReadOnlyList<string> Spawn,
    string? Input = null,
    ulong TimeoutTicks = CheckpointRequest.DefaultTimeoutTicks,
    CheckpointErrorPolicy ErrorPolicy = CheckpointErrorPolicy.Cancel,
    KillPolicy Kill = KillPolicy.None,
    FilePolicy FilePolicy = FilePolicy.Unchangeable)
{
    public CheckpointSetOptions(KillPolicy Kill)
        : this([], Kill: Kill)
    {
    }
}
