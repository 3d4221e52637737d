using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Codecs;

/// <summary>
/// Decodes one zstd frame into a buffer of exactly the declared size. Hostile frames are refused: the
/// frame must declare its content size and it must equal the expected size, the window is capped at
/// 2^20 (ZSTD_d_windowLogMax), and decoding must consume the whole input and fill the whole output.
/// </summary>
internal static class ZstdDecompressor
{
    [ThreadStatic]
    private static ZstdDecompressionContext? t_context;

    /// <summary>Decompresses <paramref name="source"/> into all of <paramref name="destination"/>; failures name <paramref name="section"/> at <paramref name="offset"/>.</summary>
    public static unsafe void Decompress(ReadOnlySpan<byte> source, Span<byte> destination, string section, long offset)
    {
        ZstdDecompressionContext context = Context();
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            ulong declared = ZstdInterop.GetFrameContentSize(src, (nuint)source.Length);
            if (declared == ZstdInterop.ContentSizeError)
                FormatThrow.Invalid(section, offset, "stored bytes are not a zstd frame");
            if (declared == ZstdInterop.ContentSizeUnknown)
                FormatThrow.Invalid(section, offset, "zstd frame does not declare its content size");
            if (declared != (ulong)destination.Length)
                FormatThrow.Invalid(section, offset, $"zstd frame declares {declared} bytes, the chunk needs {destination.Length}");

            Check(ZstdInterop.ResetDecompressionContext(context, ZstdInterop.ResetSessionOnly), section, offset);
            var input = new ZstdInterop.InBuffer { Source = src, Size = (nuint)source.Length, Position = 0 };
            var output = new ZstdInterop.OutBuffer { Destination = dst, Size = (nuint)destination.Length, Position = 0 };
            nuint result = ZstdInterop.DecompressStream(context, &output, &input);
            Check(result, section, offset);
            // 0 means the frame is complete and flushed; anything else means the frame wants more input.
            if (result != 0 || output.Position != (nuint)destination.Length || input.Position != (nuint)source.Length)
                FormatThrow.Invalid(section, offset,
                    $"zstd frame decoded to {output.Position} of {destination.Length} bytes using {input.Position} of {source.Length} stored bytes");
        }
    }

    private static ZstdDecompressionContext Context()
    {
        if (t_context is { } existing)
            return existing;
        ZstdInterop.EnsureAvailable();
        ZstdDecompressionContext context = ZstdInterop.CreateDecompressionContext();
        if (context.IsInvalid)
            throw new OutOfMemoryException("ZSTD_createDCtx failed");
        nuint result = ZstdInterop.SetDecompressionParameter(context, ZstdInterop.WindowLogMaxParameter, FormatLimits.ZstdWindowLogMax);
        if (ZstdInterop.IsError(result) != 0)
            throw new InvalidOperationException($"zstd: cannot cap the window: {ZstdInterop.ErrorName(result)}");
        t_context = context;
        return context;
    }

    private static void Check(nuint result, string section, long offset)
    {
        if (ZstdInterop.IsError(result) != 0)
            FormatThrow.Invalid(section, offset, $"zstd frame is corrupt: {ZstdInterop.ErrorName(result)}");
    }
}
