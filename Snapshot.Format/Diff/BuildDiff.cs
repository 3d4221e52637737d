namespace Snapshot.Format.Diff;

/// <summary>The kernel build stamps of both images and the profiles (if any) that describe them.</summary>
/// <param name="A">A's build stamp.</param>
/// <param name="B">B's build stamp.</param>
/// <param name="ProfileA">The build profile describing A ("spartan-0.4"), or null for an unknown build.</param>
/// <param name="ProfileB">The build profile describing B, or null.</param>
public sealed record BuildDiff(KernelBuildStamp A, KernelBuildStamp B, string? ProfileA, string? ProfileB)
{
    /// <summary>True when the stamps differ (a different build, or the same build with another page size).</summary>
    public bool HasDifferences => A != B;

    /// <summary>Canonical when both builds are known, raw otherwise.</summary>
    public ComparisonForm Form => ProfileA is not null && ProfileB is not null ? ComparisonForm.Canonical : ComparisonForm.Raw;
}
