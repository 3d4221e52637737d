using Snapshot.Format;
using Snapshot.Format.Upgrade;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Upgrade;

/// <summary>Turns a conversion plan into snapupgrade's document.</summary>
internal static class UpgradeDocumentBuilder
{
    /// <summary>Outcomes: "converted" (written), "convertible" (dry run), "unchanged" (same build, copied or would be), "refused".</summary>
    public static UpgradeDocument Build(ToolStamp tool, string input, string? output, bool dryRun, UpgradePlan plan) =>
        new(tool, input, plan.CanConvert && !dryRun ? output : null, dryRun, Outcome(plan, dryRun),
            new UpgradeBuildInfo(plan.Source?.Build, plan.SourceStamp.Display, plan.SourceStamp.BuildId.ToString()),
            new UpgradeBuildInfo(plan.Target.Build, plan.Target.Stamp.Display, plan.Target.BuildId.ToString()),
            plan.SourceFormat.ToString(), plan.TargetFormat.ToString(), SignatureName(plan.Signature),
            new UpgradeCounts(plan.Tasks, plan.Threads, plan.Calls, plan.Chunks, plan.ChunkBytes),
            [.. plan.Changes.Select(c => new UpgradeChangeInfo(c.Kind, c.Subject, c.From, c.To, c.Note))],
            [.. plan.Blockers.Select(b => new UpgradeBlockerInfo(b.Subject, b.TaskId, b.ThreadId, b.Field, b.Feature, b.Reason))],
            plan.Notes);

    private static string Outcome(UpgradePlan plan, bool dryRun) => plan switch
    {
        { CanConvert: false } => "refused",
        { IsNoOp: true } => "unchanged",
        _ => dryRun ? "convertible" : "converted",
    };

    private static string SignatureName(SignatureFate fate) => fate.ToString().ToLowerInvariant();
}
