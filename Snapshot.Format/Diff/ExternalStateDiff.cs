namespace Snapshot.Format.Diff;

/// <summary>
/// The external state of both images compared item by item (phones, calls by sender and sender call id, shares,
/// connections, files); only items that differ are listed. Calls of known builds are compared in canonical form.
/// </summary>
/// <param name="PresentA">A has external state (format 1.2).</param>
/// <param name="PresentB">B has external state.</param>
/// <param name="Items">Every item that differs, in category then id order.</param>
public sealed record ExternalStateDiff(bool PresentA, bool PresentB, IReadOnlyList<ExternalItemDiff> Items)
{
    /// <summary>Neither image has external state.</summary>
    public static ExternalStateDiff None { get; } = new(false, false, []);

    /// <summary>True when one image has external state and the other not, or any item differs.</summary>
    public bool HasDifferences => PresentA != PresentB || Items.Count > 0;
}
