namespace Snapshot.Format.Validation;

/// <summary>What <see cref="ImageValidator"/> checked and every problem it found.</summary>
/// <param name="Path">The image.</param>
/// <param name="Problems">Every problem, in file order (then cross references, in the order of format-spec §14).</param>
/// <param name="SectionsChecked">Sections whose framing parsed.</param>
/// <param name="ChunksChecked">Chunks that passed every check of the level.</param>
/// <param name="PageBytesChecked">Uncompressed page bytes verified against their hashes (0 at the quick level).</param>
/// <param name="Level">How deeply the image was checked.</param>
public sealed record ValidationReport(string Path, IReadOnlyList<ValidationProblem> Problems, int SectionsChecked,
                                      int ChunksChecked, long PageBytesChecked, ValidationLevel Level = ValidationLevel.Full)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}
