namespace KernelSim.Services.Vfs;

/// <summary>What restore does with one open file of the image, by its policy and the file as it is now.</summary>
public enum FileRestoreOutcome
{
    /// <summary>The handle is re-created at its position.</summary>
    Reopen,

    /// <summary>Volatile, the file is gone: the handle is not re-created (the task gets EBADF on it).</summary>
    Close,

    /// <summary>The file is now shorter than the position: the handle is re-created at the file's end.</summary>
    SeekToEnd,

    /// <summary>Backup policy: the image's content is written to the path, then the handle is re-created.</summary>
    WriteBack,

    /// <summary>The restore must be refused (unchangeable file changed or gone, or an inconsistent record).</summary>
    Refuse,
}
