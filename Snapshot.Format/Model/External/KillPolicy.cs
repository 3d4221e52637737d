namespace Snapshot.Format;

/// <summary>Which tasks the checkpoint killed once the image was written.</summary>
public enum KillPolicy : byte
{
    /// <summary>All tasks keep running.</summary>
    None = 0,

    /// <summary>The task(s) the checkpoint was asked for (the roots of the set) were killed.</summary>
    Zero = 1,

    /// <summary>Every checkpointable task of the set was killed.</summary>
    All = 2,
}
