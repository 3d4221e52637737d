namespace Snapshot.Format.Validation;

/// <summary>One problem found in an image: where (section name, absolute offset) and what.</summary>
public sealed record ValidationProblem(string Section, long Offset, string Message)
{
    /// <summary>"section THREAD at offset 0x1a40: payload CRC32C mismatch ...".</summary>
    public override string ToString() => $"section {Section} at offset 0x{Offset:x}: {Message}";
}
