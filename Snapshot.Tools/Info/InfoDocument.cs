namespace Snapshot.Tools.Info;

// What snapinfo reports, shaped exactly as its JSON (format-spec/schemas/snapinfo.schema.json); the text view
// renders the same document, so the two can never disagree. Addresses, CRCs and hashes are pre-formatted
// strings ("0x…", lowercase hex) because JSON numbers lose 64-bit precision in most consumers.

internal sealed record InfoDocument(
    ToolStamp Tool,
    string Image,
    string Source,
    long? FileSize,
    FormatInfo Format,
    BuildInfo Build,
    int PagesPerChunk,
    IReadOnlyList<FeatureInfo> Features,
    CheckpointInfo Checkpoint,
    IReadOnlyList<TaskInfo> Tasks,
    IReadOnlyList<SectionInfo> Sections);

internal sealed record ToolStamp(string Name, string Version);

internal sealed record FormatInfo(string Version, int Major, int Minor);

internal sealed record BuildInfo(
    string Display,
    string Kernel,
    string Version,
    string Architecture,
    uint PageSize,
    string BuildId,
    bool Known,
    string? Profile);

internal sealed record FeatureInfo(string Kind, int Bit, string? Name, bool Known);

internal sealed record CheckpointInfo(IReadOnlyList<ulong> TaskIds, bool KilledAfter);

internal sealed record TaskInfo(
    ulong TaskId,
    string Name,
    string Program,
    string ProgramHash,
    KernelTaskInfo? Kernel,
    string? KernelBlob,
    string? DecodeError,
    MemoryTotals Memory,
    IReadOnlyList<AreaInfo> Areas,
    IReadOnlyList<ThreadInfo> Threads);

internal sealed record KernelTaskInfo(
    string State,
    IReadOnlyList<string> Flags,
    uint NextThreadId,
    uint NextAreaId,
    uint ThreadCount,
    uint AreaCount,
    string HeapCursor,
    string RngState);

internal sealed record MemoryTotals(long PagesResident, long BytesResident, long BytesStored, double? CompressionRatio);

internal sealed record AreaInfo(
    uint AreaId,
    string Name,
    string Base,
    string End,
    ulong Size,
    string Flags,
    string Kind,
    string Backing,
    ulong Pages,
    long PagesResident,
    int Chunks,
    long BytesResident,
    long BytesStored,
    double? CompressionRatio,
    IReadOnlyList<ChunkInfo>? ChunkList);

internal sealed record ChunkInfo(
    uint ChunkIndex,
    string? Offset,
    string PageRanges,
    int PagesResident,
    long BytesStored,
    string ContentHash);

internal sealed record ThreadInfo(
    uint ThreadId,
    string? State,
    IReadOnlyList<string>? Flags,
    uint? QuantumLeft,
    uint? Rank,
    uint? StackAreaId,
    StopSiteInfo? StopSite,
    SyscallInfo? Syscall,
    RegisterInfo? Registers,
    string? KernelThreadBlob,
    string? KernelStackBlob,
    string? DecodeError);

internal sealed record StopSiteInfo(string Name, string Address);

internal sealed record SyscallInfo(string Name, string Number, IReadOnlyList<string> Args, bool Restart);

internal sealed record RegisterInfo(IReadOnlyList<string> R, string Pc, string Sp, string Flags, string Tls);

internal sealed record SectionInfo(
    string Type,
    string TypeCode,
    int? Version,
    IReadOnlyList<string>? Flags,
    string? Offset,
    long? Length,
    string? Crc,
    ulong? TaskId,
    uint? AreaId,
    uint? ChunkIndex);
