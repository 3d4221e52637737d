using Snapshot.Tools.Info;

namespace Snapshot.Tools.Repair;

// What snaprepair reports, shaped exactly as its JSON (format-spec/schemas/snaprepair.schema.json); the text view
// renders the same document. Offsets are "0x" strings and enums kebab-case strings, as in the other tools' JSON.

internal sealed record RepairDocument(
    ToolStamp Tool,
    string Input,
    string? Output,
    bool DryRun,
    string Outcome,
    RepairRefusalInfo? Refusal,
    RepairBuildInfo? Build,
    int PagesPerChunk,
    PartInfo Header,
    PartInfo Index,
    PartInfo Footer,
    bool CheckpointRebuilt,
    IReadOnlyList<ulong> TasksKept,
    IReadOnlyList<RepairSectionInfo> Sections,
    LossInfo Lost,
    bool MarkedRepaired);

internal sealed record RepairRefusalInfo(string Section, string Offset, string Reason);

internal sealed record RepairBuildInfo(string Display, string Kernel, string Version, string Architecture, string BuildId, bool FromOption);

internal sealed record PartInfo(string Condition, string? Detail);

internal sealed record RepairSectionInfo(string Type, string Code, string Offset, long PayloadLength, string Crc, ulong? Task, string Fate, string? Detail);

internal sealed record LossInfo(
    IReadOnlyList<LostSectionInfo> Sections,
    IReadOnlyList<DroppedTaskInfo> Tasks,
    IReadOnlyList<LostPagesInfo> Pages,
    ulong PageCount);

internal sealed record LostSectionInfo(string Kind, string? Type, string Offset, long Length, string Reason);

internal sealed record DroppedTaskInfo(ulong Task, string Reason);

internal sealed record LostPagesInfo(ulong Task, uint Area, string Pages, ulong FirstPage, ulong PageCount, string Disposition, string Evidence);
