namespace KernelSim.Services.Vfs;

/// <summary>
/// What the VFS keeps for one client task (HelenOS keeps it per task, shared by all its connections): the
/// working directory and the open handles, numbered from the client's own counter.
/// </summary>
public sealed class VfsClient
{
    /// <summary>Most handles one client may hold open.</summary>
    public const int MaxOpenFiles = 64;

    private readonly SortedDictionary<uint, OpenFile> _files = new();

    internal VfsClient(ulong taskId, FsNode workingDirectory)
    {
        TaskId = taskId;
        WorkingDirectory = workingDirectory;
    }

    public ulong TaskId { get; }

    public FsNode WorkingDirectory { get; internal set; }

    /// <summary>The handle the next open gets (handles are never reused by a client).</summary>
    public uint NextHandle { get; internal set; } = 1;

    /// <summary>Open handles in handle order.</summary>
    public IEnumerable<OpenFile> Files => _files.Values;

    public int OpenCount => _files.Count;

    public OpenFile? Find(ulong handle) => handle <= uint.MaxValue ? _files.GetValueOrDefault((uint)handle) : null;

    internal OpenFile Open(FsNode node, string path, Snapshot.Format.FileOpenMode mode)
    {
        var file = new OpenFile(NextHandle++, node, path, mode, position: 0);
        _files.Add(file.Handle, file);
        return file;
    }

    /// <summary>Re-creates a handle from an image (restore): same number, node, mode and position.</summary>
    internal OpenFile Reopen(uint handle, FsNode node, string path, Snapshot.Format.FileOpenMode mode, ulong position)
    {
        var file = new OpenFile(handle, node, path, mode, position);
        _files[handle] = file;
        return file;
    }

    internal bool Close(ulong handle) => handle <= uint.MaxValue && _files.Remove((uint)handle);
}
