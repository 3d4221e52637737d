using Snapshot.Format.Kernels;

namespace Snapshot.Format.Diff;

/// <summary>
/// Compares two images semantically: header and features, build stamps, checkpoint sets, external state (phones,
/// calls by sender and id, shares, connections, files), and per task (by id)
/// its kernel structure, threads (by id), areas (by id) and pages. Kernel structures of known builds are
/// compared in canonical form, each side decoded with its own build's profile, so images of different builds
/// differ only where the tasks do. Memory is compared through the index first, so equal chunks are never read,
/// and two version 2 chunks by their page hashes, so their pages are not decompressed.
/// </summary>
public static class ImageDiffer
{
    /// <summary>Compares <paramref name="a"/> (before) with <paramref name="b"/> (after) using the built-in build profiles.</summary>
    /// <param name="a">The image before.</param>
    /// <param name="b">The image after.</param>
    /// <param name="progress">Receives the fraction of chunks visited, ascending, ending at 1.</param>
    /// <param name="threads">Workers that read and compare chunk pairs, 1..; 0 means all cores. The result is the same for any count.</param>
    /// <exception cref="ImageDiffException">One image is malformed; names the image, section, offset and reason.</exception>
    public static ImageDiff Compare(ImageReader a, ImageReader b, IProgress<double>? progress = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // The two images' own profiles, not the whole catalog: parsing the builds neither image has cost an
        // identical-image diff about 30 ms, a sixth of its run.
        KernelBuildProfile?[] own = [KernelBuildCatalog.Find(a.Header.Build.BuildId), KernelBuildCatalog.Find(b.Header.Build.BuildId)];
        return Compare(a, b, own.OfType<KernelBuildProfile>(), progress, threads);
    }

    /// <summary>Compares two images, decoding kernel structures with the first of <paramref name="profiles"/> that matches each image's build id.</summary>
    /// <param name="a">The image before.</param>
    /// <param name="b">The image after.</param>
    /// <param name="profiles">The build profiles to decode kernel structures with.</param>
    /// <param name="progress">Receives the fraction of chunks visited, ascending, ending at 1.</param>
    /// <param name="threads">Workers that read and compare chunk pairs, 1..; 0 means all cores. The result is the same for any count.</param>
    /// <exception cref="ImageDiffException">One image is malformed; names the image, section, offset and reason.</exception>
    public static ImageDiff Compare(ImageReader a, ImageReader b, IEnumerable<KernelBuildProfile> profiles,
                                    IProgress<double>? progress = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        KernelBuildProfile[] known = [.. profiles];
        var sideA = new DiffSide("A", a, known.FirstOrDefault(p => p.BuildId == a.Header.Build.BuildId));
        var sideB = new DiffSide("B", b, known.FirstOrDefault(p => p.BuildId == b.Header.Build.BuildId));

        ImageMetadata metadataA = sideA.Guard(a.ReadMetadata);
        ImageMetadata metadataB = sideB.Guard(b.ReadMetadata);

        var header = new HeaderDiff(a.Header.Version, b.Header.Version, FeatureNames(a.Header), FeatureNames(b.Header));
        var build = new BuildDiff(a.Header.Build, b.Header.Build, sideA.Profile?.Build, sideB.Profile?.Build);
        var checkpoint = new CheckpointDiff(metadataA.Checkpoint, metadataB.Checkpoint);

        var memory = new MemoryComparer(sideA, sideB, progress, threads);
        Dictionary<ulong, TaskMetadata> tasksA = ById(metadataA, sideA);
        Dictionary<ulong, TaskMetadata> tasksB = ById(metadataB, sideB);
        TaskDiff[] tasks = [.. tasksA.Keys.Union(tasksB.Keys).Order()
            .Select(id => TaskComparer.Compare(tasksA.GetValueOrDefault(id), tasksB.GetValueOrDefault(id), sideA, sideB, memory))];
        progress?.Report(1.0);

        return new ImageDiff(a.Path, b.Path, header, build, checkpoint, tasks, memory.Statistics)
        {
            External = ExternalStateComparer.Compare(metadataA.External, metadataB.External, sideA, sideB),
        };
    }

    /// <summary>Every feature bit set in the header, named from the image's own table, else this library's names.</summary>
    private static string[] FeatureNames(ImageHeader header)
    {
        var names = new List<string>();
        foreach (FeatureKind kind in Enum.GetValues<FeatureKind>())
        {
            ulong mask = header.Features.Get(kind);
            string kindName = kind.ToString().ToLowerInvariant();
            for (int bit = 0; bit < 64; bit++)
            {
                if ((mask & (1UL << bit)) == 0)
                    continue;
                string? name = header.FeatureNames.FirstOrDefault(f => f.Kind == kind && f.Bit == bit)?.Name
                    ?? Features.Name(kind, bit);
                names.Add(name is null ? $"{kindName} bit {bit}" : $"{name} ({kindName})");
            }
        }
        names.Sort(StringComparer.Ordinal);
        return [.. names];
    }

    private static Dictionary<ulong, TaskMetadata> ById(ImageMetadata metadata, DiffSide side)
    {
        var result = new Dictionary<ulong, TaskMetadata>();
        foreach (TaskMetadata task in metadata.Tasks)
        {
            if (!result.TryAdd(task.Task.TaskId, task))
                throw new ImageDiffException(side.Path, new SnapshotFormatException("TASK", null, $"task {task.Task.TaskId} appears twice"));
        }
        return result;
    }
}
