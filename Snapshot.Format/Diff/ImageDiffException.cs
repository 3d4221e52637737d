namespace Snapshot.Format.Diff;

/// <summary>
/// One of the two compared images is malformed. Wraps the reader's <see cref="SnapshotFormatException"/> and
/// names the image, since a diff reads two files and the reason alone would not say which.
/// </summary>
public sealed class ImageDiffException : Exception
{
    /// <summary>Creates the exception for the image at <paramref name="path"/>.</summary>
    public ImageDiffException(string path, SnapshotFormatException formatError)
        : base($"{path}: {formatError?.Message}", formatError)
    {
        ArgumentNullException.ThrowIfNull(formatError);
        Path = path;
        FormatError = formatError;
    }

    /// <summary>The malformed image.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it: section, offset and reason.</summary>
    public SnapshotFormatException FormatError { get; }
}
