using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>The command-line and scenario names of the open-file policies.</summary>
public static class FilePolicies
{
    /// <summary>"unchangeable, volatile, backup-overwrite, backup-skip".</summary>
    public const string Names = "unchangeable, volatile, backup-overwrite, backup-skip";

    /// <summary>The policy a name stands for, or null.</summary>
    public static FilePolicy? Parse(string name) => name switch
    {
        "unchangeable" => FilePolicy.Unchangeable,
        "volatile" => FilePolicy.Volatile,
        "backup-overwrite" => FilePolicy.BackupOverwrite,
        "backup-skip" => FilePolicy.BackupSkip,
        _ => null,
    };
}
