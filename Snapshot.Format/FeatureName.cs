namespace Snapshot.Format;

/// <summary>One entry of the header's feature name table, so an old reader can name what it lacks.</summary>
public sealed record FeatureName(FeatureKind Kind, byte Bit, string Name);
