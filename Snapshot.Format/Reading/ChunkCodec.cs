namespace Snapshot.Format;

/// <summary>How the page bytes of a chunk are stored.</summary>
public enum ChunkCodec : byte
{
    /// <summary>Uncompressed: zstd output was not smaller.</summary>
    Raw = 0,

    /// <summary>One zstd frame with the content size declared.</summary>
    Zstd = 1,
}
