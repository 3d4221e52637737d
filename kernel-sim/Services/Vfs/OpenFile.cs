using Snapshot.Format;

namespace KernelSim.Services.Vfs;

/// <summary>One open handle of a client: the node, the path it was opened by, the access mode and the position.</summary>
public sealed class OpenFile
{
    internal OpenFile(uint handle, FsNode node, string path, FileOpenMode mode, ulong position)
    {
        Handle = handle;
        Node = node;
        Path = path;
        Mode = mode;
        Position = position;
    }

    public uint Handle { get; }

    public FsNode Node { get; internal set; }

    /// <summary>The absolute path the file had when it was opened (restore finds the file by it).</summary>
    public string Path { get; }

    public FileOpenMode Mode { get; }

    public ulong Position { get; internal set; }

    public bool CanRead => (Mode & FileOpenMode.Read) != 0;

    public bool CanWrite => (Mode & FileOpenMode.Write) != 0;

    public override string ToString() => $"handle {Handle}: {Path} ({Mode}) at {Position}";
}
