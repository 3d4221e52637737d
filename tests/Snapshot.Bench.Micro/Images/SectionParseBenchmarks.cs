using BenchmarkDotNet.Attributes;
using Snapshot.Format;

namespace Snapshot.Bench.Micro.Images;

/// <summary>Section parsing, what snapinfo pays whatever the image size: open (header, footer, index) and read the metadata sections.</summary>
[MemoryDiagnoser]
public class SectionParseBenchmarks
{
    private BenchImage? _image;

    [GlobalSetup]
    public void Setup() => _image = new BenchImage();

    [GlobalCleanup]
    public void Cleanup() => _image?.Dispose();

    [Benchmark]
    public int OpenImage()
    {
        using ImageReader reader = ImageReader.Open(_image!.ImagePath);
        return reader.Index.Count;
    }

    [Benchmark]
    public int OpenAndReadMetadata()
    {
        using ImageReader reader = ImageReader.Open(_image!.ImagePath);
        return reader.ReadMetadata().Tasks.Count;
    }
}
