namespace Snapshot.Format;

/// <summary>The fixed header of an image: version, feature bits, kernel build stamp and the feature name table.</summary>
public sealed record ImageHeader(FormatVersion Version, FeatureSet Features, KernelBuildStamp Build,
                                 IReadOnlyList<FeatureName> FeatureNames)
{
    /// <summary>The name of a set bit: from the image's own name table, else from this library, else "bit N".</summary>
    public string DescribeFeature(FeatureKind kind, int bit)
    {
        foreach (FeatureName name in FeatureNames)
        {
            if (name.Kind == kind && name.Bit == bit)
                return name.Name;
        }
        return Snapshot.Format.Features.Name(kind, bit) ?? $"bit {bit}";
    }
}
