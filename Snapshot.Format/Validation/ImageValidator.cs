using Snapshot.Format.Reading;

namespace Snapshot.Format.Validation;

/// <summary>
/// The engine of snapcheck. Unlike <see cref="ImageReader"/>, which stops at the first problem, it checks
/// everything and lists every problem: it walks every section from the header by its framing (independent
/// of the index) and compares what it finds with the index; checks every CRC and the zero padding;
/// decompresses and hashes every chunk; and checks cross references (checkpoint set, tasks, areas, threads,
/// chunks inside their areas) and the build-specific blobs against the image's kernel build profile. Chunks are
/// decompressed and hashed on several cores through a bounded window (<see cref="ValidationOptions.Threads"/>); the
/// report is the same for any number of workers. <see cref="ValidationLevel.Quick"/> checks only the framing, the
/// CRCs, the index and the footer.
/// </summary>
public static class ImageValidator
{
    /// <summary>Validates the image at <paramref name="path"/>, reporting progress from 0 to 1.</summary>
    /// <exception cref="SnapshotFormatException">The file is not an image or its header is unreadable, so nothing can be checked.</exception>
    public static ValidationReport Validate(string path, IProgress<double>? progress = null) =>
        Validate(path, ValidationOptions.Default, progress);

    /// <summary>Validates the image at <paramref name="path"/> at the level and with the workers <paramref name="options"/> give.</summary>
    /// <exception cref="SnapshotFormatException">The file is not an image or its header is unreadable, so nothing can be checked.</exception>
    public static ValidationReport Validate(string path, ValidationOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads);
        using ImageFile file = ImageFile.Open(path);
        return new ValidationRun(file, options, progress).Execute();
    }
}
