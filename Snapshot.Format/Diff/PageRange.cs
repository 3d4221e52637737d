namespace Snapshot.Format.Diff;

/// <summary>
/// A maximal run of consecutive pages of one area in the same class. Page numbers count from the area's
/// base; <see cref="Start"/> and <see cref="End"/> are the first and last byte addresses (inclusive) in the
/// image where the pages are present (B's area, or A's for removed pages).
/// </summary>
public sealed record PageRange(ChangeKind Kind, ulong FirstPage, ulong PageCount, ulong Start, ulong End);
