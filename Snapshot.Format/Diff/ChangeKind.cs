namespace Snapshot.Format.Diff;

/// <summary>How one thing (a task, thread, area, or run of pages) of image B relates to image A.</summary>
public enum ChangeKind
{
    /// <summary>Present in both and equal.</summary>
    Unchanged = 0,

    /// <summary>Present in both, different.</summary>
    Changed = 1,

    /// <summary>Present only in B.</summary>
    Added = 2,

    /// <summary>Present only in A.</summary>
    Removed = 3,
}
