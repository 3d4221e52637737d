namespace Snapshot.Format.Diff;

/// <summary>The format versions and feature bits (by name) of both images.</summary>
/// <param name="VersionA">A's format version.</param>
/// <param name="VersionB">B's format version.</param>
/// <param name="FeaturesA">A's feature bits by name, sorted ("zstd (incompatible)", "incompatible bit 9").</param>
/// <param name="FeaturesB">B's feature bits by name, sorted.</param>
public sealed record HeaderDiff(FormatVersion VersionA, FormatVersion VersionB,
                                IReadOnlyList<string> FeaturesA, IReadOnlyList<string> FeaturesB)
{
    /// <summary>Features B has and A has not.</summary>
    public IReadOnlyList<string> FeaturesAdded => [.. FeaturesB.Except(FeaturesA, StringComparer.Ordinal)];

    /// <summary>Features A has and B has not.</summary>
    public IReadOnlyList<string> FeaturesRemoved => [.. FeaturesA.Except(FeaturesB, StringComparer.Ordinal)];

    /// <summary>True when the versions or the feature sets differ.</summary>
    public bool HasDifferences => VersionA != VersionB || FeaturesAdded.Count > 0 || FeaturesRemoved.Count > 0;
}
