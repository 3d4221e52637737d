namespace Snapshot.Format.Validation;

/// <summary>The engine of snapcheck: checks everything in an image and lists every problem.</summary>
public static class ImageValidator
{
    /// <summary>Validates the image at <paramref name="path"/>.</summary>
    /// <exception cref="SnapshotFormatException">The file is not an image or its header is unreadable, so nothing can be checked.</exception>
    public static ValidationReport Validate(string path, IProgress<double>? progress = null)
    {
        var problems = new List<ValidationProblem>();
        int sections = 0, chunks = 0;
        long pageBytes = 0;
        using ImageReader reader = ImageReader.Open(path);
        try
        {
            reader.ReadMetadata();
            sections = reader.Index.Count;
            foreach (IndexEntry entry in reader.Index)
            {
                if (entry.Type != SectionType.MemoryChunk)
                    continue;
                MemoryChunk chunk = reader.ReadChunk(entry);
                chunks++;
                pageBytes += chunk.Data.Length;
            }
        }
        catch (SnapshotFormatException e)
        {
            problems.Add(new ValidationProblem(e.Section ?? "image", e.Offset ?? 0, e.Reason));
        }
        progress?.Report(1.0);
        return new ValidationReport(path, problems, sections, chunks, pageBytes);
    }
}
