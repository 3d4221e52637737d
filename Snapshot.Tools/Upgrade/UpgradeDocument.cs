using Snapshot.Tools.Info;

namespace Snapshot.Tools.Upgrade;

// What snapupgrade reports, shaped exactly as its JSON (format-spec/schemas/snapupgrade.schema.json); the text view
// renders the same document.

internal sealed record UpgradeDocument(
    ToolStamp Tool,
    string Input,
    string? Output,
    bool DryRun,
    string Outcome,
    UpgradeBuildInfo From,
    UpgradeBuildInfo To,
    string FromFormat,
    string ToFormat,
    string Signature,
    UpgradeCounts Converted,
    IReadOnlyList<UpgradeChangeInfo> Changes,
    IReadOnlyList<UpgradeBlockerInfo> Blockers,
    IReadOnlyList<string> Notes);

internal sealed record UpgradeBuildInfo(string? Build, string Display, string BuildId);

internal sealed record UpgradeCounts(int Tasks, int Threads, int Calls, int Chunks, long ChunkBytes);

internal sealed record UpgradeChangeInfo(string Kind, string Subject, string From, string To, string? Note);

internal sealed record UpgradeBlockerInfo(string Subject, ulong? Task, uint? Thread, string? Field, string? Feature, string Reason);
