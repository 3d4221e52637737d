using Snapshot.Format.Layout;

namespace Snapshot.Format;

/// <summary>Choices a writer makes; both are recorded in the image where a reader needs them.</summary>
public sealed record ImageWriterOptions
{
    /// <summary>zstd level, 1..19. Output is deterministic for a given level and libzstd version.</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>Pages per memory chunk, 1..64 (the present bitmap is 64 bits).</summary>
    public int PagesPerChunk { get; init; } = 64;

    internal void Validate()
    {
        if (CompressionLevel is < 1 or > 19)
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel, "zstd level must be 1..19");
        if (PagesPerChunk is < 1 or > FormatLimits.MaxPagesPerChunk)
            throw new ArgumentOutOfRangeException(nameof(PagesPerChunk), PagesPerChunk, $"pages per chunk must be 1..{FormatLimits.MaxPagesPerChunk}");
    }
}
