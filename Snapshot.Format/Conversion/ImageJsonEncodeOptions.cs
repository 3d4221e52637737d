namespace Snapshot.Format.Conversion;

/// <summary>Choices of <see cref="ImageJsonEncoder"/>.</summary>
public sealed record ImageJsonEncodeOptions
{
    /// <summary>zstd level (1..19) for chunks whose pages were edited or whose stored bytes the document leaves out; the writer's default 3.</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>Receives the fraction done (0..1) as sections are encoded and read back; only when the document's length is known.</summary>
    public IProgress<double>? Progress { get; init; }
}
