namespace KernelSim.Scenarios.Steps;

/// <summary>How <see cref="FileChangeStep"/> changes a file (between a checkpoint and a restore, for the file policies).</summary>
public enum FileChange
{
    /// <summary><c>delete-file PATH</c>.</summary>
    Delete,

    /// <summary><c>truncate-file PATH N</c>: cut (or zero-extend) to N bytes.</summary>
    Truncate,

    /// <summary><c>write-file PATH "TEXT"</c>: the whole content becomes TEXT.</summary>
    Write,
}
