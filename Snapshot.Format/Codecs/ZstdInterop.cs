using System.Reflection;
using System.Runtime.InteropServices;

namespace Snapshot.Format.Codecs;

/// <summary>
/// P/Invoke declarations for the subset of libzstd the image format uses (zstd.h, stable API).
/// The resolver maps the logical name "zstd" to the versioned Debian soname so that no -dev package is needed.
/// </summary>
internal static partial class ZstdInterop
{
    private const string LibraryName = "zstd";

    /// <summary>The soname loaded on Linux (Debian/Ubuntu package libzstd1).</summary>
    public const string SoName = "libzstd.so.1";

    private static readonly string[] s_candidates = [SoName, "libzstd.so", "libzstd.1.dylib", "libzstd.dylib", "libzstd.dll", "zstd.dll"];

    // zstd.h: ZSTD_cParameter / ZSTD_dParameter values and content-size sentinels.
    public const int CompressionLevelParameter = 100;   // ZSTD_c_compressionLevel
    public const int WindowLogParameter = 101;          // ZSTD_c_windowLog
    public const int ContentSizeFlagParameter = 200;    // ZSTD_c_contentSizeFlag
    public const int ChecksumFlagParameter = 201;       // ZSTD_c_checksumFlag
    public const int WindowLogMaxParameter = 100;       // ZSTD_d_windowLogMax
    public const int ResetSessionOnly = 1;              // ZSTD_reset_session_only
    public const ulong ContentSizeUnknown = unchecked(0UL - 1);
    public const ulong ContentSizeError = unchecked(0UL - 2);

    private static readonly Lazy<bool> s_available = new(Probe);

    static ZstdInterop()
    {
        NativeLibrary.SetDllImportResolver(typeof(ZstdInterop).Assembly, Resolve);
    }

    /// <summary>Throws <see cref="ZstdUnavailableException"/> when the library cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        if (!s_available.Value)
            throw new ZstdUnavailableException();
    }

    private static bool Probe()
    {
        IntPtr handle = Resolve(LibraryName, typeof(ZstdInterop).Assembly, null);
        return handle != IntPtr.Zero && NativeLibrary.TryGetExport(handle, "ZSTD_decompressStream", out _);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
            return IntPtr.Zero;
        foreach (string candidate in s_candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out IntPtr handle))
                return handle;
        }
        return IntPtr.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct InBuffer
    {
        public byte* Source;
        public nuint Size;
        public nuint Position;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct OutBuffer
    {
        public byte* Destination;
        public nuint Size;
        public nuint Position;
    }

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createCCtx")]
    public static partial ZstdCompressionContext CreateCompressionContext();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCompressionContext(IntPtr context);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_CCtx_setParameter")]
    public static partial nuint SetCompressionParameter(ZstdCompressionContext context, int parameter, int value);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_compress2")]
    public static unsafe partial nuint Compress(ZstdCompressionContext context, byte* destination, nuint capacity, byte* source, nuint sourceSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint sourceSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createDCtx")]
    public static partial ZstdDecompressionContext CreateDecompressionContext();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDecompressionContext(IntPtr context);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_DCtx_setParameter")]
    public static partial nuint SetDecompressionParameter(ZstdDecompressionContext context, int parameter, int value);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_DCtx_reset")]
    public static partial nuint ResetDecompressionContext(ZstdDecompressionContext context, int directive);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_decompressStream")]
    public static unsafe partial nuint DecompressStream(ZstdDecompressionContext context, OutBuffer* output, InBuffer* input);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_getFrameContentSize")]
    public static unsafe partial ulong GetFrameContentSize(byte* source, nuint sourceSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_getErrorName")]
    public static partial IntPtr GetErrorName(nuint code);

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(GetErrorName(code)) ?? "unknown zstd error";
}
