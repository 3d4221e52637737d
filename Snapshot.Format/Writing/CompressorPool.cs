using System.Collections.Concurrent;
using Snapshot.Format.Codecs;

namespace Snapshot.Format.Writing;

/// <summary>
/// zstd compression contexts for the writer's workers: a context is not thread-safe, so each chunk borrows one for
/// the time it compresses. At most one per concurrent worker is ever created; all are released with the writer.
/// Created lazily, so a writer that stores no chunk never needs libzstd.
/// </summary>
internal sealed class CompressorPool : IDisposable
{
    private readonly ConcurrentBag<ZstdCompressor> _idle = [];
    private readonly ConcurrentQueue<ZstdCompressor> _all = new();
    private readonly int _level;

    public CompressorPool(int level) => _level = level;

    public ZstdCompressor Rent()
    {
        if (_idle.TryTake(out ZstdCompressor? compressor))
            return compressor;
        compressor = new ZstdCompressor(_level);
        _all.Enqueue(compressor);
        return compressor;
    }

    public void Return(ZstdCompressor compressor) => _idle.Add(compressor);

    public void Dispose()
    {
        while (_all.TryDequeue(out ZstdCompressor? compressor))
            compressor.Dispose();
    }
}
