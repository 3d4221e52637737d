namespace Snapshot.Fuzz.Campaign;

/// <summary>What went wrong with a target.</summary>
public enum FindingKind
{
    /// <summary>An undocumented exception.</summary>
    Crash,

    /// <summary>An undocumented exit code, an "internal error" line, a refusal of more than one line.</summary>
    Violation,

    /// <summary>More allocation for one input than the limit.</summary>
    Allocation,

    /// <summary>No result within the time limit.</summary>
    Hang,
}
