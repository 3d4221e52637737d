using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// How the checkpointer encodes an image: the zstd level, the workers that compress chunks (0: all cores; the bytes do
/// not depend on it) and the newest format the image may use (1.3 by default; 1.0–1.2 write the bytes a 1.2 kernel
/// wrote, as the golden fixtures are regenerated, and for readers that predate 1.3).
/// </summary>
public sealed record ImageEncoding
{
    /// <summary>Level 3, all cores, format 1.3.</summary>
    public static ImageEncoding Default { get; } = new();

    /// <summary>zstd level, 1..19.</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>Workers compressing chunks; 0 means all cores.</summary>
    public int Threads { get; init; }

    /// <summary>The newest format the image may use.</summary>
    public FormatVersion Compatibility { get; init; } = FormatVersion.Current;

    /// <summary><paramref name="options"/> with this encoding.</summary>
    public ImageWriterOptions ApplyTo(ImageWriterOptions options) =>
        options with { CompressionLevel = CompressionLevel, Threads = Threads, Compatibility = Compatibility };
}
