namespace Snapshot.Format.Diff;

/// <summary>
/// One area, matched by area id. <see cref="Kind"/> describes the area record (added, removed, or changed:
/// moved, resized, flags, kind, backing or name); <see cref="Memory"/> its pages.
/// </summary>
/// <param name="AreaId">The area id.</param>
/// <param name="Kind">Added, removed, changed (some field differs) or unchanged (the record is equal; pages may still differ).</param>
/// <param name="A">A's record, or null when added.</param>
/// <param name="B">B's record, or null when removed.</param>
/// <param name="Fields">The fields that differ ("base", "size", "flags", "kind", "backing", "name").</param>
/// <param name="Memory">The pages compared.</param>
public sealed record AreaDiff(uint AreaId, ChangeKind Kind, AreaRecord? A, AreaRecord? B,
                              IReadOnlyList<FieldChange> Fields, AreaMemoryDiff Memory)
{
    /// <summary>The area's record in B, or in A when removed.</summary>
    public AreaRecord Current => B ?? A!;

    /// <summary>True when the area moved (its base differs).</summary>
    public bool Moved => A is not null && B is not null && A.Base != B.Base;

    /// <summary>True when the area's size differs.</summary>
    public bool Resized => A is not null && B is not null && A.Size != B.Size;

    /// <summary>True when the record or any page differs.</summary>
    public bool HasDifferences => Kind != ChangeKind.Unchanged || Memory.HasDifferences;
}
