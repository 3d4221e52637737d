namespace Snapshot.Format.Layout;

/// <summary>Byte offsets of the MEMCHUNK payload; stored page bytes follow the fixed part.</summary>
internal static class ChunkLayout
{
    public const int TaskIdOffset = 0;
    public const int AreaIdOffset = 8;
    public const int ChunkIndexOffset = 12;
    public const int PresentBitmapOffset = 16;
    public const int CodecOffset = 24;
    public const int ReservedOffset = 25;
    public const int ReservedLength = 3;
    public const int UncompressedLengthOffset = 28;
    public const int StoredLengthOffset = 32;
    public const int ContentHashOffset = 36;
    public const int DataOffset = 68;
}
