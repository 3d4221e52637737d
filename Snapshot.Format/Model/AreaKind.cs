namespace Snapshot.Format;

/// <summary>What an area is used for.</summary>
public enum AreaKind : byte
{
    /// <summary>Program text.</summary>
    Code = 1,

    /// <summary>Program data.</summary>
    Data = 2,

    /// <summary>The task heap.</summary>
    Heap = 3,

    /// <summary>A thread stack.</summary>
    Stack = 4,

    /// <summary>Anything else (for example an area created by area_create).</summary>
    Other = 5,
}
