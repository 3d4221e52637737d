namespace Snapshot.Format.Layout;

/// <summary>Byte offsets of the CHUNKREF payload (format 1.3): a chunk whose bytes are stored once elsewhere.</summary>
internal static class ChunkReferenceLayout
{
    public const int TaskIdOffset = 0;
    public const int AreaIdOffset = 8;
    public const int ChunkIndexOffset = 12;
    public const int PresentBitmapOffset = 16;
    public const int ContentHashOffset = 24;
    public const int ImageOrdinalOffset = 56;
    public const int ReservedOffset = 60;
    public const int TargetOffsetOffset = 64;
    public const int Length = 72;

    /// <summary>The only CHUNKREF version.</summary>
    public const ushort Version = 1;
}
