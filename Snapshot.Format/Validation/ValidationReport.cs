namespace Snapshot.Format.Validation;

/// <summary>What <see cref="ImageValidator"/> checked and every problem it found.</summary>
public sealed record ValidationReport(string Path, IReadOnlyList<ValidationProblem> Problems, int SectionsChecked,
                                      int ChunksChecked, long PageBytesChecked)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}
