namespace Snapshot.Format.Repair;

/// <summary>Unwinds a repair that cannot produce a restorable image; becomes <see cref="RepairReport.Refusal"/>, never escapes.</summary>
internal sealed class RepairRefusedException(RepairRefusal refusal) : Exception(refusal.ToString())
{
    public RepairRefusal Refusal { get; } = refusal;
}
