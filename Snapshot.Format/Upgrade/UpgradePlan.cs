using Snapshot.Format.Kernels;

namespace Snapshot.Format.Upgrade;

/// <summary>
/// What converting an image to a build would do, decided before anything is written: the builds and formats on
/// both sides, how many parts are converted or copied, every change, and every blocker. <see cref="CanConvert"/>
/// is false when there is any blocker; <see cref="IsNoOp"/> when the output would be the input byte for byte.
/// </summary>
/// <param name="Input">The input path, as given.</param>
/// <param name="SourceStamp">The build stamp of the input's header.</param>
/// <param name="Source">The input's build profile, or null when the library has none for its build id.</param>
/// <param name="Target">The build the output is for.</param>
/// <param name="SourceFormat">The input's container format version.</param>
/// <param name="TargetFormat">The output's container format version.</param>
/// <param name="IsNoOp">Same build, same format, no new signature: the output is a copy of the input.</param>
/// <param name="Signature">What happens to the signature.</param>
/// <param name="Tasks">Tasks converted through the canonical form.</param>
/// <param name="Threads">Threads converted through the canonical form.</param>
/// <param name="Calls">Pending calls converted through the canonical form.</param>
/// <param name="Chunks">Memory chunks copied as stored (never recompressed).</param>
/// <param name="ChunkBytes">Stored bytes of those chunks.</param>
/// <param name="Changes">What differs between input and output, in a stable order.</param>
/// <param name="Blockers">Why the conversion is impossible, every reason, in a stable order.</param>
/// <param name="Notes">Other things the output leaves out or the reader should know, one line each.</param>
public sealed record UpgradePlan(
    string Input,
    KernelBuildStamp SourceStamp,
    KernelBuildProfile? Source,
    KernelBuildProfile Target,
    FormatVersion SourceFormat,
    FormatVersion TargetFormat,
    bool IsNoOp,
    SignatureFate Signature,
    int Tasks,
    int Threads,
    int Calls,
    int Chunks,
    long ChunkBytes,
    IReadOnlyList<UpgradeChange> Changes,
    IReadOnlyList<UpgradeBlocker> Blockers,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when nothing blocks the conversion.</summary>
    public bool CanConvert => Blockers.Count == 0;

    /// <summary>The source build's name, or its stamp when the library has no profile for it.</summary>
    public string SourceName => Source?.Build ?? SourceStamp.Display;
}
