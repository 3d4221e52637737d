namespace Snapshot.Format;

/// <summary>Access rights of an area.</summary>
[Flags]
public enum AreaFlags : uint
{
    /// <summary>No access.</summary>
    None = 0,

    /// <summary>Readable.</summary>
    Read = 1,

    /// <summary>Writable.</summary>
    Write = 2,

    /// <summary>Executable.</summary>
    Execute = 4,
}
