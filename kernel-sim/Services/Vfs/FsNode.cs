namespace KernelSim.Services.Vfs;

/// <summary>
/// A file or directory of the in-memory file system. Its id comes from the file system's counter; a file's
/// content is a growable byte buffer, a directory's entries are sorted by name (ordinal), so listings and
/// everything derived from them are deterministic.
/// </summary>
public sealed class FsNode
{
    private readonly SortedDictionary<string, FsNode> _children = new(StringComparer.Ordinal);
    private byte[] _content = [];
    private int _length;

    internal FsNode(ulong id, string name, FsNode? parent, bool isDirectory)
    {
        Id = id;
        Name = name;
        Parent = parent;
        IsDirectory = isDirectory;
    }

    /// <summary>Node id, unique within its file system.</summary>
    public ulong Id { get; }

    /// <summary>The entry name in its directory ("" for the root).</summary>
    public string Name { get; }

    public FsNode? Parent { get; private set; }

    public bool IsDirectory { get; }

    /// <summary>False once the node was removed from its directory (open handles keep it, as on Unix).</summary>
    public bool IsLinked => Parent is not null || Name.Length == 0;

    /// <summary>Directory entries by name.</summary>
    public IReadOnlyDictionary<string, FsNode> Children => _children;

    /// <summary>Bytes in the file (0 for a directory).</summary>
    public ulong Size => (ulong)_length;

    /// <summary>The file's content.</summary>
    public ReadOnlySpan<byte> Content => _content.AsSpan(0, _length);

    /// <summary>The absolute path ("/" for the root; a removed node keeps the path it had).</summary>
    public string Path { get; private set; } = "/";

    /// <summary>Copies bytes from <paramref name="offset"/> into <paramref name="destination"/>; returns how many (0 at or past the end).</summary>
    public int Read(ulong offset, Span<byte> destination)
    {
        if (offset >= (ulong)_length)
        {
            return 0;
        }

        var count = (int)Math.Min((ulong)destination.Length, (ulong)_length - offset);
        _content.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }

    /// <summary>Writes at <paramref name="offset"/>, zero-filling a gap past the end; the caller has checked the size limit.</summary>
    internal void Write(ulong offset, ReadOnlySpan<byte> bytes)
    {
        var end = (int)offset + bytes.Length;
        EnsureCapacity(end);
        if ((int)offset > _length)
        {
            _content.AsSpan(_length, (int)offset - _length).Clear();
        }

        bytes.CopyTo(_content.AsSpan((int)offset));
        _length = Math.Max(_length, end);
    }

    /// <summary>Cuts or zero-extends the file to <paramref name="size"/> bytes; the caller has checked the size limit.</summary>
    internal void Truncate(ulong size)
    {
        var length = (int)size;
        EnsureCapacity(length);
        if (length > _length)
        {
            _content.AsSpan(_length, length - _length).Clear();
        }

        _length = length;
    }

    internal void Replace(ReadOnlySpan<byte> content)
    {
        _length = 0;
        Write(0, content);
    }

    internal void Link(FsNode child)
    {
        _children.Add(child.Name, child);
        child.Parent = this;
        child.Path = Path == "/" ? "/" + child.Name : Path + "/" + child.Name;
    }

    internal void Unlink(FsNode child)
    {
        _children.Remove(child.Name);
        child.Parent = null;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _content.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, Math.Min(Math.Max(_content.Length * 2, 256), MemoryFileSystem.MaxFileSize));
        Array.Resize(ref _content, capacity);
    }

    public override string ToString() => $"{(IsDirectory ? "directory" : "file")} {Path} (node {Id})";
}
