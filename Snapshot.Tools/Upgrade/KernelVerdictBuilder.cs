using Snapshot.Format.Kernels;
using Snapshot.Format.Upgrade;

namespace Snapshot.Tools.Upgrade;

/// <summary>Answers whether a kernel build can restore an image, from the conversion plan snapupgrade would make.</summary>
internal static class KernelVerdictBuilder
{
    public static KernelVerdict For(string image, KernelBuildProfile target)
    {
        var plan = ImageUpgrader.Plan(image, new UpgradeOptions { Target = target });
        var changes = plan.Changes.Select(c => new UpgradeChangeInfo(c.Kind, c.Subject, c.From, c.To, c.Note)).ToArray();
        var blockers = plan.Blockers.Select(b => new UpgradeBlockerInfo(b.Subject, b.TaskId, b.ThreadId, b.Field, b.Feature, b.Reason)).ToArray();
        var output = Path.ChangeExtension(image, null) + "." + target.Build + ".snap";
        return plan switch
        {
            { IsNoOp: true } => new KernelVerdict(target.Build, "restorable", $"restorable as is on {target.Build}", [], []),
            { CanConvert: true } => new KernelVerdict(target.Build, "convertible",
                $"written by {plan.SourceName}, not restorable as is on {target.Build}; convertible ({changes.Length} changes): snapupgrade {image} -o {output} --to {target.Build}",
                changes, []),
            _ => new KernelVerdict(target.Build, "not-convertible",
                $"written by {plan.SourceName}; not convertible to {target.Build} ({blockers.Length} blockers)", [], blockers),
        };
    }
}
