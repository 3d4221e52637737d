using Snapshot.Format;
using Snapshot.Format.Signing;

namespace KernelSim.Checkpoint;

/// <summary>
/// What to checkpoint and how: the root tasks the set is built from (Algorithm 1 adds what they depend on), the
/// image path, how long to wait for cooperation, what to do when a service does not cooperate, which tasks to
/// kill afterwards, how restore treats the open files, and an optional signer.
/// </summary>
public sealed record CheckpointRequest(IReadOnlyList<ulong> RootTaskIds, string Path)
{
    /// <summary>Ticks a checkpoint waits for the set to become stable and for cooperation, when not told otherwise.</summary>
    public const ulong DefaultTimeoutTicks = 1000;

    /// <summary>Most ticks to wait (stabilizing and cooperating together) before the error policy applies.</summary>
    public ulong TimeoutTicks { get; init; } = DefaultTimeoutTicks;

    /// <summary>Cancel (default: nothing written) or resume (the connection is recorded as not cooperated) when a service does not cooperate in time.</summary>
    public CheckpointErrorPolicy ErrorPolicy { get; init; } = CheckpointErrorPolicy.Cancel;

    /// <summary>None (default), the roots (zero), or every member (all), killed once the image is written.</summary>
    public KillPolicy Kill { get; init; } = KillPolicy.None;

    /// <summary>How restore treats the files the members have open.</summary>
    public FilePolicy FilePolicy { get; init; } = FilePolicy.Unchangeable;

    /// <summary>Signs the image when set.</summary>
    public ImageSigner? Signer { get; init; }

    /// <summary>
    /// Stores the code pages of every task in the image. Off by default: at format 1.3 code areas of the programs
    /// kernel-sim's catalog holds with the same SHA-256 are stored by reference to the program (backing 3) and a restore
    /// loads them from the catalog (<see cref="CodeByReference"/>). On (<c>--include-code</c>), the image holds
    /// everything a restore needs, for a restore where the catalog may differ.
    /// </summary>
    public bool IncludeCode { get; init; }

    /// <summary>The zstd level, compression workers and format compatibility of the image.</summary>
    public ImageEncoding Encoding { get; init; } = ImageEncoding.Default;

    /// <summary>
    /// Writes an incremental image (format 1.3) whose parent is this image: the image the kernel last wrote or restored.
    /// Chunks with no page written since are references into it (or into the ancestor that stores them).
    /// </summary>
    public string? Parent { get; init; }
}
