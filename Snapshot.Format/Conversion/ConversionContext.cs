using Snapshot.Format.Kernels;

namespace Snapshot.Format.Conversion;

/// <summary>What every section converter needs to know about the image: its page geometry and kernel build.</summary>
internal sealed record ConversionContext(uint PageSize, int PagesPerChunk, KernelBuildProfile? Profile)
{
    /// <summary>zstd level for chunks whose pages were edited (their original stored bytes no longer apply).</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>Decode: keep each chunk's stored bytes so that encode reproduces them without recompressing.</summary>
    public bool KeepStoredBytes { get; init; } = true;
}
