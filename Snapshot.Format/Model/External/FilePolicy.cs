namespace Snapshot.Format;

/// <summary>How restore treats a file a task had open (chosen at checkpoint time).</summary>
public enum FilePolicy : byte
{
    /// <summary>The content hash is checked at restore; a changed file refuses the restore.</summary>
    Unchangeable = 1,

    /// <summary>No check; a deleted file is closed, a shortened file is positioned at its end.</summary>
    Volatile = 2,

    /// <summary>The content is carried in the image and written back at restore.</summary>
    BackupOverwrite = 3,

    /// <summary>The content is carried in the image and written back only when the file is missing.</summary>
    BackupSkip = 4,
}
