namespace Snapshot.Format.Codecs;

/// <summary>
/// Compresses chunks into single zstd frames with the content size declared and the window capped at
/// 2^20, so every frame we write decodes under the reader's window limit. Deterministic for a given
/// libzstd version and level. Not thread-safe (one per writer).
/// </summary>
internal sealed class ZstdCompressor : IDisposable
{
    private readonly ZstdCompressionContext _context;

    public ZstdCompressor(int level)
    {
        ZstdInterop.EnsureAvailable();
        _context = ZstdInterop.CreateCompressionContext();
        if (_context.IsInvalid)
            throw new OutOfMemoryException("ZSTD_createCCtx failed");
        Check(ZstdInterop.SetCompressionParameter(_context, ZstdInterop.CompressionLevelParameter, level));
        Check(ZstdInterop.SetCompressionParameter(_context, ZstdInterop.WindowLogParameter, Layout.FormatLimits.ZstdWindowLogMax));
        Check(ZstdInterop.SetCompressionParameter(_context, ZstdInterop.ContentSizeFlagParameter, 1));
        Check(ZstdInterop.SetCompressionParameter(_context, ZstdInterop.ChecksumFlagParameter, 0));
    }

    public static int CompressBound(int sourceLength)
    {
        ZstdInterop.EnsureAvailable();
        return checked((int)ZstdInterop.CompressBound((nuint)sourceLength));
    }

    /// <summary>Compresses <paramref name="source"/>; <paramref name="destination"/> must hold <see cref="CompressBound"/> bytes.</summary>
    public unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            nuint result = ZstdInterop.Compress(_context, dst, (nuint)destination.Length, src, (nuint)source.Length);
            Check(result);
            return checked((int)result);
        }
    }

    public void Dispose() => _context.Dispose();

    private static void Check(nuint result)
    {
        if (ZstdInterop.IsError(result) != 0)
            throw new InvalidOperationException($"zstd compression failed: {ZstdInterop.ErrorName(result)}");
    }
}
