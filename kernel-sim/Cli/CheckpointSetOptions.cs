using KernelSim.Checkpoint;
using Snapshot.Format;

namespace KernelSim.Cli;

/// <summary>The checkpoint-set options of <c>kernel-sim checkpoint</c>: more programs, console input, timeout, the policies and the image encoding.</summary>
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

    /// <summary>Store code areas by reference to the program instead of as pages (--code-by-reference).</summary>
    public bool CodeByReference { get; init; }

    /// <summary>The zstd level, compression workers and format compatibility of the image (--level, --threads, --compat).</summary>
    public ImageEncoding Encoding { get; init; } = ImageEncoding.Default;
}
