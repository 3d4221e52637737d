namespace Snapshot.Format.Validation;

/// <summary>
/// What a worker found in one chunk section (<see cref="ChunkInspector"/>), handed back to the walk in file order.
/// </summary>
/// <param name="Walked">The section's index entry as found: the framing, plus the chunk's identity when <paramref name="Parsed"/>.</param>
/// <param name="Parsed">The payload CRC matched and the fixed part parsed, so the identity fields are known.</param>
/// <param name="Checked">The chunk passed every check of the level (quick: CRC and fixed part; full: also contents).</param>
/// <param name="PageBytes">Uncompressed page bytes verified against their hashes (0 at the quick level).</param>
/// <param name="Problems">The section's problems, in the order they were found.</param>
internal sealed record ChunkFinding(IndexEntry Walked, bool Parsed, bool Checked, long PageBytes, IReadOnlyList<ValidationProblem> Problems);
