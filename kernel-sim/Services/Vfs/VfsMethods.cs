namespace KernelSim.Services.Vfs;

/// <summary>
/// The vfs protocol (user methods 1200..1207). Paths travel as a client buffer and its length; data as a
/// client buffer and a length of at most <see cref="VfsService.MaxTransfer"/> bytes per call.
/// </summary>
public static class VfsMethods
{
    /// <summary>open(arg1 path, arg2 length, arg3 <see cref="VfsOpenFlags"/>) → handle.</summary>
    public const ulong Open = 1200;

    /// <summary>read(arg1 handle, arg2 buffer, arg3 length) → bytes read (0 at the end).</summary>
    public const ulong Read = 1201;

    /// <summary>write(arg1 handle, arg2 buffer, arg3 length) → bytes written.</summary>
    public const ulong Write = 1202;

    /// <summary>seek(arg1 handle, arg2 position) → the position.</summary>
    public const ulong Seek = 1203;

    /// <summary>close(arg1 handle) → 0.</summary>
    public const ulong Close = 1204;

    /// <summary>chdir(arg1 path, arg2 length) → 0.</summary>
    public const ulong ChangeDirectory = 1205;

    /// <summary>size(arg1 handle) → the file's size.</summary>
    public const ulong Size = 1206;

    /// <summary>mkdir(arg1 path, arg2 length) → 0.</summary>
    public const ulong MakeDirectory = 1207;
}
