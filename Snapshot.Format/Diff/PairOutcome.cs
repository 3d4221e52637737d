namespace Snapshot.Format.Diff;

/// <summary>
/// A settled chunk pair as three page masks (bit i is page <c>FirstPage + i</c>), so a worker hands back 40 bytes
/// whatever the chunk size: pages present in A, in B, and present in both with different contents.
/// </summary>
internal readonly record struct PairOutcome(ulong FirstPage, ulong PresentA, ulong PresentB, ulong Changed,
                                            PairEvidence Evidence, int PagesCompared)
{
    /// <summary>The pair settled by its bitmaps: pages of one side only.</summary>
    public static PairOutcome FromBitmaps(ChunkPair pair) =>
        new(pair.FirstPage, pair.A?.PresentBitmap ?? 0, pair.B?.PresentBitmap ?? 0, 0, PairEvidence.Bitmaps, 0);
}
