namespace Snapshot.Format.Diff;

/// <summary>How build-specific kernel structures were compared.</summary>
public enum ComparisonForm
{
    /// <summary>Each side decoded with its own build profile into the canonical form: only real differences show.</summary>
    Canonical = 0,

    /// <summary>
    /// Byte for byte, because a profile is missing (unknown build) or a structure did not decode. Exact when both
    /// images come from the same build; across builds every layout difference shows.
    /// </summary>
    Raw = 1,
}
