namespace Snapshot.Format.Repair;

/// <summary>How a repair ended.</summary>
public enum RepairOutcome
{
    /// <summary>Every section carried meaning into the output; only framing (index, footer, order, duplicates) was rebuilt.</summary>
    NothingLost,

    /// <summary>The output was written, marked "repaired", with a REPAIR section listing what was lost.</summary>
    Repaired,

    /// <summary>No restorable image can be made; <see cref="RepairReport.Refusal"/> says why and nothing was written.</summary>
    Unrepairable,
}
