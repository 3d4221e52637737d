using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests.Support;

/// <summary>Reads a whole image through every reader; anything but <see cref="SnapshotFormatException"/> escapes and fails the test.</summary>
internal static class ImageChecks
{
    /// <summary>Open, ReadMetadata and every ReadChunk; returns the exception if the image was refused.</summary>
    public static SnapshotFormatException? ReadFully(string path)
    {
        try
        {
            using ImageReader reader = ImageReader.Open(path);
            reader.ReadMetadata();
            foreach (IndexEntry entry in reader.Index)
            {
                if (entry.IsChunk)
                    reader.ReadChunk(entry);
            }
            return null;
        }
        catch (SnapshotFormatException e)
        {
            return e;
        }
    }

    public static SnapshotFormatException? StreamFully(byte[] image)
    {
        try
        {
            ImageStreamReader.Read(new NonSeekableStream(image, maxRead: 777), _ => { });
            return null;
        }
        catch (SnapshotFormatException e)
        {
            return e;
        }
    }

    /// <summary>True when the validator reports a problem or refuses to check.</summary>
    public static bool ValidatorObjects(string path)
    {
        try
        {
            return !ImageValidator.Validate(path).IsValid;
        }
        catch (SnapshotFormatException)
        {
            return true;
        }
    }
}
