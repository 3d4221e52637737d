namespace KernelSim.Services.Vfs;

/// <summary>
/// The negative return values of the vfs protocol, numbered as on Linux (the user library lib/vfs.s defines
/// the ones the kernel's predefined symbols lack: EBADF, ENOTDIR, EISDIR, EMFILE, EFBIG, ENOTEMPTY).
/// </summary>
public enum VfsError : long
{
    /// <summary>No such file or directory.</summary>
    NoEntry = -2,

    /// <summary>The handle is not open (or not open for that access).</summary>
    BadHandle = -9,

    /// <summary>The file system has no room for another node.</summary>
    NoMemory = -12,

    /// <summary>The client's buffer is not readable or writable.</summary>
    Fault = -14,

    /// <summary>The name exists already.</summary>
    Exists = -17,

    /// <summary>A path component is a file, not a directory.</summary>
    NotDirectory = -20,

    /// <summary>The path names a directory where a file is needed.</summary>
    IsDirectory = -21,

    /// <summary>A bad path, mode, or position.</summary>
    Invalid = -22,

    /// <summary>The client has the most open files a client may have.</summary>
    TooManyOpen = -24,

    /// <summary>The file would grow beyond <see cref="MemoryFileSystem.MaxFileSize"/>.</summary>
    TooBig = -27,

    /// <summary>A directory that still has entries cannot be removed.</summary>
    NotEmpty = -39,
}
