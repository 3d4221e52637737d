using System.Reflection;
using BenchmarkDotNet.Attributes;
using Snapshot.Bench.Memory;
using Snapshot.Format;

namespace Snapshot.Bench.Micro.Checksums;

/// <summary>
/// CRC32C of one 256 KiB chunk, the whole per-chunk cost of <c>snapcheck --quick</c>. Snapshot.Format keeps its
/// Crc32C internal, so the benchmark binds a delegate to that very method once (reflection at setup only; the
/// measured call is a plain delegate call into the library's code).
/// </summary>
public class Crc32CBenchmarks
{
    private delegate uint Checksum(ReadOnlySpan<byte> data);

    private Checksum? _compute;
    private byte[] _chunk = [];

    [GlobalSetup]
    public void Setup()
    {
        MethodInfo method = typeof(ImageReader).Assembly.GetType("Snapshot.Format.Binary.Crc32C", throwOnError: true)!
            .GetMethod("Compute", BindingFlags.Public | BindingFlags.Static, [typeof(ReadOnlySpan<byte>)])
            ?? throw new MissingMethodException("Snapshot.Format.Binary.Crc32C", "Compute");
        _compute = method.CreateDelegate<Checksum>();
        _chunk = new byte[64 * MixedMemory.PageSize];
        new SplitMix64(1).Fill(_chunk);
    }

    [Benchmark]
    public uint Crc32COfAChunk() => _compute!(_chunk);
}
