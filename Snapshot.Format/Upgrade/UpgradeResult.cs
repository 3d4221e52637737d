namespace Snapshot.Format.Upgrade;

/// <summary>A written conversion: its plan, the output path and the output's length in bytes.</summary>
public sealed record UpgradeResult(UpgradePlan Plan, string Output, long OutputLength);
