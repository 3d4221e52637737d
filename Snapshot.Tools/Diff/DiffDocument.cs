using System.Text.Json.Serialization;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Diff;

// What snapdiff reports, shaped exactly as its JSON (format-spec/schemas/snapdiff.schema.json); the text view
// and the HTML report render the same document, so they can never disagree. Values follow snapinfo's
// notation: addresses and registers "0x" + 16 lowercase hex digits, hashes 64 hex digits, kinds lowercase.

internal sealed record DiffDocument(
    ToolStamp Tool,
    string ImageA,
    string ImageB,
    bool Different,
    DiffBuild Build,
    DiffFormat Format,
    DiffCheckpoint Checkpoint,
    // Format 1.2: left out when neither image has external state, so older documents print as before.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DiffExternalState? ExternalState,
    IReadOnlyList<DiffTask> Tasks,
    DiffSummary Summary);

/// <summary>The external state compared item by item; only differing items are listed.</summary>
internal sealed record DiffExternalState(bool PresentA, bool PresentB, IReadOnlyList<DiffExternalItem> Items);

/// <summary>Category "phone", "call", "share", …; key the item's ids ("task 1 call 3"); change "added", "removed" or "changed".</summary>
internal sealed record DiffExternalItem(string Category, string Key, string Change, IReadOnlyList<DiffField> Fields);

internal sealed record DiffBuild(BuildInfo A, BuildInfo B, bool Same, string Comparison);

internal sealed record DiffFormat(
    string VersionA,
    string VersionB,
    IReadOnlyList<string> FeaturesA,
    IReadOnlyList<string> FeaturesB,
    IReadOnlyList<string> FeaturesAdded,
    IReadOnlyList<string> FeaturesRemoved);

internal sealed record DiffCheckpoint(
    IReadOnlyList<ulong> TaskIdsA,
    IReadOnlyList<ulong> TaskIdsB,
    IReadOnlyList<ulong> TasksAdded,
    IReadOnlyList<ulong> TasksRemoved,
    bool KilledAfterA,
    bool KilledAfterB);

internal sealed record DiffTask(
    ulong TaskId,
    string Name,
    string Change,
    bool Different,
    string Comparison,
    string? RawReason,
    IReadOnlyList<DiffField> Fields,
    IReadOnlyList<DiffThread> Threads,
    IReadOnlyList<DiffArea> Areas);

internal sealed record DiffField(string Field, string Before, string After);

internal sealed record DiffThread(
    uint ThreadId,
    string Change,
    string Comparison,
    string? RawReason,
    IReadOnlyList<DiffField> Fields,
    IReadOnlyList<DiffRegister> Registers);

internal sealed record DiffRegister(string Register, string Before, string After);

internal sealed record DiffArea(
    uint AreaId,
    string Name,
    string Change,
    bool Moved,
    bool Resized,
    string Base,
    string End,
    ulong Size,
    string Flags,
    string Kind,
    ulong Pages,
    IReadOnlyList<DiffField> Fields,
    DiffMemory Memory);

internal sealed record DiffMemory(
    bool Different,
    long PagesUnchanged,
    long PagesChanged,
    long PagesAdded,
    long PagesRemoved,
    string? NotCompared,
    IReadOnlyList<DiffPageRange> Ranges);

internal sealed record DiffPageRange(string Change, ulong FirstPage, ulong Pages, string Start, string End);

internal sealed record DiffSummary(
    int TasksChanged,
    int TasksAdded,
    int TasksRemoved,
    int ThreadsChanged,
    int ThreadsAdded,
    int ThreadsRemoved,
    int AreasChanged,
    int AreasAdded,
    int AreasRemoved,
    long PagesChanged,
    long PagesAdded,
    long PagesRemoved,
    long PagesUnchanged,
    DiffChunks Chunks);

/// <summary>
/// What the memory comparison cost. The page-hash counts (format 1.3) are left out when zero, so comparisons of
/// older images print as before.
/// </summary>
internal sealed record DiffChunks(
    long ChunksA,
    long ChunksB,
    long Identical,
    long Read,
    long Skipped,
    long PagesCompared,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long PairsByPageHash,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long PagesComparedByHash);
