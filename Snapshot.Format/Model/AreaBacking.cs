namespace Snapshot.Format;

/// <summary>Where the initial content of an area comes from.</summary>
public enum AreaBacking : byte
{
    /// <summary>Zero-filled.</summary>
    Anonymous = 0,

    /// <summary>The task's program image.</summary>
    Program = 1,

    /// <summary>Memory shared with other participants (format 1.2): see the SHARED_AREAS section.</summary>
    Shared = 2,

    /// <summary>
    /// The task's program image, stored by reference (format 1.3, "program-reference" bit): the image holds no chunks
    /// for the area; restore loads it from the program named and hashed in the TASK section, and refuses if that differs.
    /// </summary>
    ProgramReference = 3,
}
