using System.Text.Json.Serialization;

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
    // Format 1.1 additions, left out of the JSON when absent so that 1.0 images print exactly as before.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RepairInfo? Repair,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignatureInfo? Signature,
    CheckpointInfo Checkpoint,
    // Format 1.2: present only for an image with external state.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CheckpointSetInfo? CheckpointSet,
    IReadOnlyList<TaskInfo> Tasks,
    IReadOnlyList<SectionInfo> Sections)
{
    /// <summary>Format 1.3: the ancestors of an incremental image (ChainInfoBuilder); absent for a full image.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChainInfo? Chain { get; init; }
}

/// <summary>Status: "complete" when every ancestor resolves as a restore resolves it, else the error it would give.</summary>
internal sealed record ChainInfo(string Status, IReadOnlyList<ChainLinkInfo> Ancestors);

/// <summary>One ancestor, nearest first (ordinal 1 is the parent); status "ok", "missing", "another image (id …)", "unreadable: …".</summary>
internal sealed record ChainLinkInfo(int Ordinal, string FileName, string? Path, string ImageId, string Status);

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
    IReadOnlyList<ThreadInfo> Threads,
    // Format 1.2: the task's phones and open files, present only for an image with external state.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TaskIpcInfo? Ipc,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TaskFilesInfo? Files);

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
    // Format 1.3: chunks stored once elsewhere (CHUNKREF sections); 0 before.
    int References,
    long BytesResident,
    long BytesStored,
    double? CompressionRatio,
    MemorySectionsInfo? MemorySections,
    IReadOnlyList<ChunkInfo>? ChunkList);

/// <summary>
/// Where an area's memory sections lie, as one row of the section table: the first one's offset, the payload bytes of
/// all of them, the chunk index range. It comes from the SUMMARY section or the index alike; null for an area without memory.
/// </summary>
internal sealed record MemorySectionsInfo(string Offset, long Length, uint FirstChunk, uint LastChunk);

internal sealed record ChunkInfo(
    uint ChunkIndex,
    string? Offset,
    string PageRanges,
    int PagesResident,
    long BytesStored,
    string ContentHash,
    // Format 1.3: true for a CHUNKREF (its bytes are stored by the chunk it references, so it stores none itself).
    bool Reference);

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

/// <summary>The REPAIR section: what snaprepair lost. <c>Notice</c> is the one line a reader must not miss.</summary>
internal sealed record RepairInfo(
    string Notice,
    ulong LostPageCount,
    IReadOnlyList<RepairLostSectionInfo> Sections,
    IReadOnlyList<RepairDroppedTaskInfo> Tasks,
    IReadOnlyList<RepairLostPagesInfo> Pages);

/// <summary>Kind is "section", "unreadable-bytes" or "header"; type and code only for a section.</summary>
internal sealed record RepairLostSectionInfo(string Kind, string? Type, string? TypeCode, string Offset, long Length, string Reason);

internal sealed record RepairDroppedTaskInfo(ulong TaskId, string Reason);

/// <summary>
/// Lost pages of one area, by page number and by address; area name and addresses are null when the area is not
/// in the image (its task was dropped). Disposition is "dropped" or "zero-filled"; evidence "index",
/// "chunk-header" or "bound", as snaprepair reports them.
/// </summary>
internal sealed record RepairLostPagesInfo(
    ulong TaskId,
    uint AreaId,
    string? AreaName,
    string Pages,
    ulong FirstPage,
    ulong PageCount,
    string? Start,
    string? End,
    string Disposition,
    string Evidence);

/// <summary>
/// The SIGNATURE section as stored; snapinfo never verifies it. Status is "unverified", "stale" (rewritten after
/// signing) or "unreadable" (the section is malformed); algorithm, key id and coverage are null when not known.
/// </summary>
internal sealed record SignatureInfo(
    string Status,
    string? Algorithm,
    string? KeyId,
    string? Offset,
    int? SectionsCovered,
    string Message);
