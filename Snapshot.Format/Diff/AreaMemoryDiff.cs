namespace Snapshot.Format.Diff;

/// <summary>
/// The pages of one area compared: every run of pages present in at least one image, classified
/// (pages absent from both are zero in both and are not listed).
/// </summary>
/// <param name="Ranges">Runs of unchanged, changed, added (present only in B) and removed (present only in A) pages, ascending.</param>
/// <param name="PagesUnchanged">Pages present in both with equal bytes.</param>
/// <param name="PagesChanged">Pages present in both with different bytes.</param>
/// <param name="PagesAdded">Pages present only in B.</param>
/// <param name="PagesRemoved">Pages present only in A.</param>
/// <param name="NotComparedReason">Why pages were not compared (page sizes differ), else null.</param>
public sealed record AreaMemoryDiff(IReadOnlyList<PageRange> Ranges, long PagesUnchanged, long PagesChanged,
                                    long PagesAdded, long PagesRemoved, string? NotComparedReason)
{
    /// <summary>The ranges that are differences (changed, added, removed).</summary>
    public IEnumerable<PageRange> Differences => Ranges.Where(r => r.Kind != ChangeKind.Unchanged);

    /// <summary>True when any page differs, or the pages could not be compared.</summary>
    public bool HasDifferences => PagesChanged + PagesAdded + PagesRemoved > 0 || NotComparedReason is not null;
}
