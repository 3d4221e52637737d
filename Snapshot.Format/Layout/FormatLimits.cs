namespace Snapshot.Format.Layout;

/// <summary>Limits a reader enforces before allocating anything (format-spec/image-format.md, "Limits").</summary>
internal static class FormatLimits
{
    public const int MaxHeaderLength = 64 * 1024;
    public const int MaxStringLength = 4096;
    public const int MaxMetadataPayload = 16 * 1024 * 1024;
    public const int MaxIndexEntries = 16 * 1024 * 1024;
    public const int MaxIndexEntrySize = 64 * 1024;
    public const int MaxPagesPerChunk = 64;
    public const uint MinPageSize = 4 * 1024;
    public const uint MaxPageSize = 64 * 1024;
    public const int MaxChunkUncompressed = MaxPagesPerChunk * (int)MaxPageSize;

    /// <summary>Raw storage is used when zstd is not smaller, so stored ≤ uncompressed; the slack tolerates other writers' framing.</summary>
    public const int ChunkStoredSlack = 64;

    /// <summary>A version 2 chunk (format 1.3) carries one 32-byte page hash per page before its stored bytes.</summary>
    public const int MaxChunkPayload = ChunkLayout.FixedLength + MaxPagesPerChunk * Hash256.Size + MaxChunkUncompressed + ChunkStoredSlack;

    /// <summary>CHUNKREF (format 1.3) has a fixed 72-byte payload.</summary>
    public const int ChunkReferencePayload = ChunkReferenceLayout.Length;
    public const int ZstdWindowLogMax = 20;
    public const int MaxTasks = 65536;
    public const int MaxThreadsPerTask = 65536;
    public const int MaxAreasPerTask = 65536;

    /// <summary>Format 1.2 (external state): limits of the IPC, share, cooperation and file sections.</summary>
    public const int MaxPhonesPerTask = 65536;
    public const int MaxCalls = 1 << 20;
    public const int MaxCallBlob = 4096;
    public const int MaxShares = 65536;
    public const int MaxShareParticipants = 65536;
    public const int MaxServices = 4096;
    public const int MaxConnections = 65536;
    public const int MaxConnectionEntries = 4096;
    public const int MaxOutsideTasks = 65536;
    public const int MaxOutsidePhones = 65536;
    public const int MaxOpenFilesPerTask = 4096;

    /// <summary>Bytes of one file's content carried for the backup policies.</summary>
    public const int MaxFileContents = 32 * 1024 * 1024;

    /// <summary>A FILES payload may carry file contents, so it gets more room than other metadata sections.</summary>
    public const int MaxFilesPayload = 64 * 1024 * 1024;

    /// <summary>At most one name per bit of the three masks.</summary>
    public const int MaxFeatureNames = 3 * 64;

    public static bool IsValidPageSize(uint pageSize) =>
        pageSize is >= MinPageSize and <= MaxPageSize && (pageSize & (pageSize - 1)) == 0;
}
