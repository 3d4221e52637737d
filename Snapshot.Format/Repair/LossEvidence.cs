namespace Snapshot.Format.Repair;

/// <summary>How a repair knows which pages a lost memory chunk held.</summary>
public enum LossEvidence : byte
{
    /// <summary>From the input's INDEX section, whose CRC verified: exact.</summary>
    Index = 0,

    /// <summary>From the damaged chunk's own fixed fields (task, area, chunk index, present bitmap), which were plausible but not CRC-verified.</summary>
    ChunkHeader = 1,

    /// <summary>
    /// An upper bound: every page that could have been stored in unreadable bytes or after a truncation, given
    /// the order in which a writer stores chunks. The real loss may be smaller (all-zero pages are never stored).
    /// </summary>
    Bound = 2,
}
