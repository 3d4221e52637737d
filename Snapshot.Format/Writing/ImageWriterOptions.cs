using Snapshot.Format.Layout;
using Snapshot.Format.Signing;

namespace Snapshot.Format;

/// <summary>Choices a writer makes; both are recorded in the image where a reader needs them.</summary>
public sealed record ImageWriterOptions
{
    /// <summary>zstd level, 1..19. Output is deterministic for a given level and libzstd version.</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>Pages per memory chunk, 1..64 (the present bitmap is 64 bits).</summary>
    public int PagesPerChunk { get; init; } = 64;

    /// <summary>
    /// Signs the image (format 1.1): a SIGNATURE section over the header and every section is written before
    /// the index. Null (the default) writes exactly the bytes of an unsigned image. The writer does not dispose it.
    /// </summary>
    public ImageSigner? Signer { get; init; }

    /// <summary>
    /// The image carries a checkpoint set's external state (format 1.2): the header gets the "external-state"
    /// incompatible bit, and the writer then requires <see cref="ImageWriter.WriteCooperation"/> and a TASK_IPC
    /// section per task. The header is written first, so this must be known up front. False (the default) writes
    /// exactly the bytes of a 1.0 (or signed 1.1) image.
    /// </summary>
    public bool HasExternalState { get; init; }

    internal void Validate()
    {
        if (CompressionLevel is < 1 or > 19)
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel, "zstd level must be 1..19");
        if (PagesPerChunk is < 1 or > FormatLimits.MaxPagesPerChunk)
            throw new ArgumentOutOfRangeException(nameof(PagesPerChunk), PagesPerChunk, $"pages per chunk must be 1..{FormatLimits.MaxPagesPerChunk}");
    }
}
