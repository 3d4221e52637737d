namespace KernelSim.Services.Vfs;

/// <summary>The mode argument of <see cref="VfsMethods.Open"/>.</summary>
[Flags]
public enum VfsOpenFlags : ulong
{
    None = 0,
    Read = 1,
    Write = 2,

    /// <summary>Every write goes to the end (implies write).</summary>
    Append = 4,

    /// <summary>Create the file when it does not exist.</summary>
    Create = 8,

    /// <summary>Cut the file to 0 bytes (needs write).</summary>
    Truncate = 16,

    All = Read | Write | Append | Create | Truncate,
}
