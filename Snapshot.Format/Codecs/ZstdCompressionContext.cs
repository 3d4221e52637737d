using System.Runtime.InteropServices;

namespace Snapshot.Format.Codecs;

/// <summary>Owns a native ZSTD_CCtx.</summary>
internal sealed class ZstdCompressionContext : SafeHandle
{
    public ZstdCompressionContext() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        ZstdInterop.FreeCompressionContext(handle);
        return true;
    }
}
