using System.Runtime.InteropServices;

namespace Snapshot.Format.Codecs;

/// <summary>Owns a native ZSTD_DCtx.</summary>
internal sealed class ZstdDecompressionContext : SafeHandle
{
    public ZstdDecompressionContext() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        ZstdInterop.FreeDecompressionContext(handle);
        return true;
    }
}
