namespace Snapshot.Format.Upgrade;

/// <summary>The image cannot be converted as asked; <see cref="Plan"/> lists every blocker. Nothing was written.</summary>
public sealed class UpgradeRefusedException : Exception
{
    /// <summary>Creates the exception for a blocked plan.</summary>
    public UpgradeRefusedException(UpgradePlan plan)
        : base($"cannot convert {plan.Input} to {plan.Target.Build}: {plan.Blockers.Count} blocker(s), first: {plan.Blockers[0]}")
    {
        Plan = plan;
    }

    /// <summary>The plan, with its blockers.</summary>
    public UpgradePlan Plan { get; }
}
