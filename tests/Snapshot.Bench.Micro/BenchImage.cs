using Snapshot.Bench.Images;
using Snapshot.Bench.Memory;
using Snapshot.Format;

namespace Snapshot.Bench.Micro;

/// <summary>
/// The micro-benchmarks' data: the golden fixture prodcons.snap with its 64 KiB heap (16 pages, one chunk) filled
/// with the benchmark's mixed memory from a fixed seed, kept in memory and on disk.
/// </summary>
public sealed class BenchImage : IDisposable
{
    public const long HeapBytes = 64 * 1024;

    private readonly DirectoryInfo _directory;

    public BenchImage()
    {
        _directory = Directory.CreateTempSubdirectory("snapshot-bench-micro-");
        FixturePath = FindFixture("prodcons.snap");
        string raw = Path.Combine(_directory.FullName, "heap.raw");
        MixedMemory.Write(raw, HeapBytes, seed: 7);
        Heap = File.ReadAllBytes(raw);
        ImagePath = Path.Combine(_directory.FullName, "image.snap");
        HeapImage.Write(FixturePath, raw, ImagePath, new ImageWriterOptions().CompressionLevel);
    }

    public string FixturePath { get; }

    public string ImagePath { get; }

    public byte[] Heap { get; }

    public void Dispose() => _directory.Delete(recursive: true);

    private static string FindFixture(string name)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "fixtures", name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"tests/fixtures/{name} not found above {AppContext.BaseDirectory}");
    }
}
