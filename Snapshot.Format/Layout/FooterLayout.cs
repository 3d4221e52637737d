namespace Snapshot.Format.Layout;

/// <summary>Byte offsets of the 32-byte footer, the last bytes of an image.</summary>
internal static class FooterLayout
{
    /// <summary>"SNPFOOT\0".</summary>
    public static ReadOnlySpan<byte> Magic => "SNPFOOT\0"u8;

    public const int MagicOffset = 0;
    public const int MagicLength = 8;
    public const int IndexOffsetOffset = 8;
    public const int IndexLengthOffset = 16;
    public const int PagesPerChunkOffset = 24;
    public const int CrcOffset = 28;
    public const int Length = 32;
}
