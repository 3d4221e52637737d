using Snapshot.Format;
using Snapshot.Format.Signing;

namespace KernelSim.Restore;

/// <summary>What a restore accepts beyond a sound, unrepaired image of this kernel build.</summary>
public sealed record RestoreOptions
{
    /// <summary>The default budget for page data one restore loads (4 GiB).</summary>
    public const ulong DefaultMaxResidentBytes = 4UL * 1024 * 1024 * 1024;

    /// <summary>Restore an image that snaprepair marked "repaired" (its lost pages read as zero or are gone).</summary>
    public bool AcceptRepaired { get; init; }

    /// <summary>Refuse an image that carries no signature <see cref="VerifyKey"/> verifies.</summary>
    public bool RequireSignature { get; init; }

    /// <summary>The key signatures are verified with; a signed image is verified whenever a key is given.</summary>
    public SignatureVerifier? VerifyKey { get; init; }

    /// <summary>
    /// Most bytes of page data the image may make resident, summed over its tasks and computed from the index
    /// before any chunk is decompressed: a small image of highly compressible pages must not exhaust the host.
    /// </summary>
    public ulong MaxResidentBytes { get; init; } = DefaultMaxResidentBytes;

    /// <summary>
    /// A missing server (the service is not running) or a duplicate server (a name the set registered is taken by a
    /// running task): cancel refuses the restore (the default); resume hangs that connection up and answers its
    /// pending calls with EHANGUP.
    /// </summary>
    public CheckpointErrorPolicy ErrorPolicy { get; init; } = CheckpointErrorPolicy.Cancel;
}
