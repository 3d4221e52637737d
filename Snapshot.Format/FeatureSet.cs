namespace Snapshot.Format;

/// <summary>The three feature-bit masks of the header.</summary>
public sealed record FeatureSet(ulong Incompatible, ulong Compatible, ulong Autoclear)
{
    /// <summary>The mask of one kind.</summary>
    public ulong Get(FeatureKind kind) => kind switch
    {
        FeatureKind.Incompatible => Incompatible,
        FeatureKind.Compatible => Compatible,
        FeatureKind.Autoclear => Autoclear,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown feature kind"),
    };
}
