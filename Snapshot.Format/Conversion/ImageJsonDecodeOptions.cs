namespace Snapshot.Format.Conversion;

/// <summary>Choices of <see cref="ImageJsonDecoder"/>.</summary>
public sealed record ImageJsonDecodeOptions
{
    /// <summary>
    /// Keep each memory chunk's stored (compressed) bytes, so that encoding reproduces them without recompressing
    /// (default). Without them the document is smaller, and encoding compresses the pages again: the same bytes
    /// only with the same libzstd version and level.
    /// </summary>
    public bool IncludeStoredBytes { get; init; } = true;
}
