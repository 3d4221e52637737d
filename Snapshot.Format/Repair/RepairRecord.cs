namespace Snapshot.Format.Repair;

/// <summary>
/// The REPAIR section (format 1.1): what snaprepair could not carry into a rebuilt image. An image carries it
/// exactly when its header has the "repaired" incompatible feature bit. Lists are in the order the repair found
/// the losses; a second repair keeps the first repair's entries in front of its own.
/// </summary>
/// <param name="Sections">Sections and byte ranges of the damaged input that were not carried over.</param>
/// <param name="Tasks">Tasks of the checkpoint set that were dropped because they could not be restored consistently.</param>
/// <param name="Pages">Memory pages of the remaining tasks whose content was lost.</param>
public sealed record RepairRecord(IReadOnlyList<LostSection> Sections, IReadOnlyList<DroppedTask> Tasks, IReadOnlyList<LostPageRange> Pages)
{
    /// <summary>Total number of pages in <see cref="Pages"/>.</summary>
    public ulong LostPageCount => Pages.Aggregate(0UL, (sum, range) => sum + range.PageCount);
}
