namespace Snapshot.Format;

/// <summary>How a file was opened.</summary>
[Flags]
public enum FileOpenMode : byte
{
    /// <summary>Not readable nor writable (never stored).</summary>
    None = 0,

    /// <summary>Readable.</summary>
    Read = 1,

    /// <summary>Writable.</summary>
    Write = 2,

    /// <summary>Writes go to the end.</summary>
    Append = 4,
}
