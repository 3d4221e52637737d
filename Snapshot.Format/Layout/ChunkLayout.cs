namespace Snapshot.Format.Layout;

/// <summary>
/// Byte offsets of the MEMCHUNK payload: the fixed part, then (version 2) one SHA-256 per present page, then the
/// stored page bytes.
/// </summary>
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

    /// <summary>Bytes of the fixed part, in both versions.</summary>
    public const int FixedLength = 68;

    /// <summary>Where the stored bytes of a version 1 chunk begin (right after the fixed part).</summary>
    public const int DataOffset = FixedLength;

    /// <summary>Version 2: the page hashes follow the fixed part.</summary>
    public const int PageHashesOffset = FixedLength;

    /// <summary>The version 1 chunk of format 1.0: content hash = SHA-256 of the uncompressed bytes.</summary>
    public const ushort Version1 = 1;

    /// <summary>The version 2 chunk of format 1.3: page hashes, content hash = SHA-256 of the page-hash array.</summary>
    public const ushort Version2 = 2;

    /// <summary>Bytes of the page-hash array of a chunk of this version with <paramref name="presentPages"/> pages.</summary>
    public static int PageHashesLength(ushort version, int presentPages) => version >= Version2 ? presentPages * Hash256.Size : 0;

    /// <summary>Where the stored bytes begin in a chunk of this version with <paramref name="presentPages"/> pages.</summary>
    public static int StoredOffset(ushort version, int presentPages) => FixedLength + PageHashesLength(version, presentPages);
}
