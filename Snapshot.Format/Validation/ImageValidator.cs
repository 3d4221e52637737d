using Snapshot.Format.Reading;

namespace Snapshot.Format.Validation;

/// <summary>
/// The engine of snapcheck. Unlike <see cref="ImageReader"/>, which stops at the first problem, it checks
/// everything and lists every problem: it walks every section from the header by its framing (independent
/// of the index) and compares what it finds with the index; checks every CRC and the zero padding;
/// decompresses and hashes every chunk; and checks cross references (checkpoint set, tasks, areas, threads,
/// chunks inside their areas) and the build-specific blobs against the image's kernel build profile.
/// </summary>
public static class ImageValidator
{
    /// <summary>Validates the image at <paramref name="path"/>, reporting progress from 0 to 1.</summary>
    /// <exception cref="SnapshotFormatException">The file is not an image or its header is unreadable, so nothing can be checked.</exception>
    public static ValidationReport Validate(string path, IProgress<double>? progress = null)
    {
        using ImageFile file = ImageFile.Open(path);
        return new ValidationRun(file, progress).Execute();
    }
}
