using KernelSim.Checkpoint;
using Snapshot.Format;
using Snapshot.Format.Signing;

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

    /// <summary>Store the code pages in the image instead of referring to the catalogued program (--include-code).</summary>
    public bool IncludeCode { get; init; }

    /// <summary>The zstd level, compression workers and format compatibility of the image (--level, --threads, --compat).</summary>
    public ImageEncoding Encoding { get; init; } = ImageEncoding.Default;

    /// <summary>The request these options describe for <paramref name="taskIds"/>, written to <paramref name="image"/>.</summary>
    public CheckpointRequest Request(IReadOnlyList<ulong> taskIds, string image, ImageSigner? signer) =>
        new(taskIds, image)
        {
            TimeoutTicks = TimeoutTicks,
            ErrorPolicy = ErrorPolicy,
            Kill = Kill,
            FilePolicy = FilePolicy,
            Signer = signer,
            IncludeCode = IncludeCode,
            Encoding = Encoding,
        };
}
