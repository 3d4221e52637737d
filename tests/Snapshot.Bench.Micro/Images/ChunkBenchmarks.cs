using BenchmarkDotNet.Attributes;
using Snapshot.Bench.Images;
using Snapshot.Format;

namespace Snapshot.Bench.Micro.Images;

/// <summary>
/// Chunk encode and decode through the public API: writing the image (one mixed heap chunk: zero-page elision, zstd,
/// content hash, CRC; plus the fixture's few small sections) and reading every chunk back with and without the
/// content-hash check (CRC and decompression only: snapcheck's and restore's per-chunk work).
/// </summary>
[MemoryDiagnoser]
public class ChunkBenchmarks
{
    private BenchImage? _image;
    private ImageReader? _fixture;
    private MemoryStream? _heap;
    private readonly MemoryStream _output = new();
    private IndexEntry[] _chunks = [];
    private ImageReader? _reader;

    [GlobalSetup]
    public void Setup()
    {
        _image = new BenchImage();
        _fixture = ImageReader.Open(_image.FixturePath);
        _heap = new MemoryStream(_image.Heap, writable: false);
        _reader = ImageReader.Open(_image.ImagePath);
        _chunks = _reader.Index.Where(e => e.Type == SectionType.MemoryChunk).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _fixture?.Dispose();
        _image?.Dispose();
    }

    [Benchmark]
    public long EncodeImage()
    {
        _heap!.Position = 0;
        _output.SetLength(0);
        HeapImage.Write(_fixture!, _heap, _output, new ImageWriterOptions().CompressionLevel);
        return _output.Length;
    }

    [Benchmark]
    public long DecodeChunksVerifyingHash() => Decode(verifyContentHash: true);

    [Benchmark]
    public long DecodeChunks() => Decode(verifyContentHash: false);

    private long Decode(bool verifyContentHash)
    {
        long bytes = 0;
        foreach (IndexEntry entry in _chunks)
            bytes += _reader!.ReadChunk(entry, verifyContentHash).Data.Length;
        return bytes;
    }
}
