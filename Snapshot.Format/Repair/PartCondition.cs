namespace Snapshot.Format.Repair;

/// <summary>The state a repair found the header, the index or the footer in.</summary>
public enum PartCondition
{
    /// <summary>Present and every check passed.</summary>
    Intact,

    /// <summary>Present but failing a check (CRC, magic, bounds); the detail says which.</summary>
    Damaged,

    /// <summary>Not found (for example cut off by a truncation).</summary>
    Missing,
}
