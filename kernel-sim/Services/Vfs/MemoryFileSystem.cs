namespace KernelSim.Services.Vfs;

/// <summary>
/// An in-memory file system instance (a tmpfs): a tree of <see cref="FsNode"/>s whose ids come from a
/// counter, under a persistent file-system id that images record with every open file. Every operation is
/// bounded: at most <see cref="MaxNodes"/> nodes and <see cref="MaxFileSize"/> bytes per file.
/// Failures are <see cref="VfsError"/> values, never exceptions.
/// </summary>
public sealed class MemoryFileSystem
{
    /// <summary>Largest file, in bytes.</summary>
    public const int MaxFileSize = 16 << 20;

    /// <summary>Most nodes (files and directories, the root included) a file system holds.</summary>
    public const int MaxNodes = 4096;

    private int _nodeCount = 1;

    public MemoryFileSystem(ulong fileSystemId)
    {
        FileSystemId = fileSystemId;
        Root = new FsNode(NextNodeId++, "", parent: null, isDirectory: true);
    }

    /// <summary>The persistent id of this instance (the root file system is 1).</summary>
    public ulong FileSystemId { get; }

    /// <summary>The file system type, for people.</summary>
    public string Kind => "tmpfs";

    public FsNode Root { get; }

    /// <summary>The id the next node gets (node ids are never reused).</summary>
    public ulong NextNodeId { get; private set; } = 1;

    /// <summary>Linked nodes, the root included.</summary>
    public int NodeCount => _nodeCount;

    /// <summary>Finds the node a path names, relative paths from <paramref name="cwd"/>.</summary>
    public VfsError? Lookup(VfsPath path, FsNode cwd, out FsNode node)
    {
        node = path.IsAbsolute ? Root : cwd;
        foreach (var name in path.Components)
        {
            if (!node.IsDirectory)
            {
                return VfsError.NotDirectory;
            }

            switch (name)
            {
                case ".":
                    continue;
                case "..":
                    node = node.Parent ?? node;
                    continue;
            }

            if (!node.Children.TryGetValue(name, out var child))
            {
                return VfsError.NoEntry;
            }

            node = child;
        }

        return null;
    }

    /// <summary>Creates a file or directory; its parent directory must exist and the name must be free.</summary>
    public VfsError? Create(VfsPath path, FsNode cwd, bool directory, out FsNode node)
    {
        node = Root;
        if (path.LeafName is not { } name)
        {
            return Lookup(path, cwd, out _) is null ? VfsError.Exists : VfsError.Invalid;
        }

        if (Lookup(path.Parent, cwd, out var parent) is { } error)
        {
            return error;
        }

        if (!parent.IsDirectory)
        {
            return VfsError.NotDirectory;
        }

        if (parent.Children.TryGetValue(name, out var existing))
        {
            node = existing;
            return VfsError.Exists;
        }

        if (_nodeCount >= MaxNodes)
        {
            return VfsError.NoMemory;
        }

        node = new FsNode(NextNodeId++, name, parent, directory);
        parent.Link(node);
        _nodeCount++;
        return null;
    }

    /// <summary>Removes a file or an empty directory from its directory (open handles keep the node).</summary>
    public VfsError? Remove(VfsPath path, FsNode cwd)
    {
        if (Lookup(path, cwd, out var node) is { } error)
        {
            return error;
        }

        if (node == Root || node.Parent is null)
        {
            return VfsError.Invalid;
        }

        if (node.IsDirectory && node.Children.Count > 0)
        {
            return VfsError.NotEmpty;
        }

        node.Parent.Unlink(node);
        _nodeCount--;
        return null;
    }

    /// <summary>Writes into a file at <paramref name="offset"/>; a write that would pass <see cref="MaxFileSize"/> writes nothing.</summary>
    public static VfsError? Write(FsNode file, ulong offset, ReadOnlySpan<byte> bytes)
    {
        if (file.IsDirectory)
        {
            return VfsError.IsDirectory;
        }

        if (offset > MaxFileSize || (ulong)bytes.Length > MaxFileSize - offset)
        {
            return VfsError.TooBig;
        }

        file.Write(offset, bytes);
        return null;
    }

    /// <summary>Cuts or zero-extends a file.</summary>
    public static VfsError? Truncate(FsNode file, ulong size)
    {
        if (file.IsDirectory)
        {
            return VfsError.IsDirectory;
        }

        if (size > MaxFileSize)
        {
            return VfsError.TooBig;
        }

        file.Truncate(size);
        return null;
    }

    /// <summary>
    /// Sets a file's whole content, creating it and any missing parent directories (what the scenario steps and
    /// the backup file policies use). Fails like <see cref="Create"/> when a component is a file.
    /// </summary>
    public VfsError? Put(VfsPath path, ReadOnlySpan<byte> content, out FsNode file)
    {
        file = Root;
        if (!path.IsAbsolute || path.LeafName is null || path.Components.Any(name => name is "." or ".."))
        {
            return VfsError.Invalid;
        }

        if (content.Length > MaxFileSize)
        {
            return VfsError.TooBig;
        }

        var directory = Root;
        foreach (var name in path.Parent.Components)
        {
            var step = new VfsPath(false, [name]);
            var error = Create(step, directory, directory: true, out var next);
            if (error is not (null or VfsError.Exists))
            {
                return error;
            }

            if (!next.IsDirectory)
            {
                return VfsError.NotDirectory;
            }

            directory = next;
        }

        var created = Create(new VfsPath(false, [path.LeafName]), directory, directory: false, out file);
        if (created is not (null or VfsError.Exists))
        {
            return created;
        }

        if (file.IsDirectory)
        {
            return VfsError.IsDirectory;
        }

        file.Replace(content);
        return null;
    }
}
