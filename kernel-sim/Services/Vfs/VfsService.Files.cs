using Snapshot.Format;

namespace KernelSim.Services.Vfs;

/// <summary>The VFS's side of checkpoint and restore for open files: export with a policy, checks and application at restore.</summary>
public sealed partial class VfsService
{
    /// <summary>
    /// The task's working directory and open files (FILES section) under <paramref name="policy"/>: every file
    /// carries its size and SHA-256; the backup policies also carry the content. Null when the task never used
    /// the VFS (nothing to carry).
    /// </summary>
    public TaskFilesRecord? ExportFiles(ulong taskId, FilePolicy policy)
    {
        if (!_clients.TryGetValue(taskId, out var client))
        {
            return null;
        }

        var backup = policy is FilePolicy.BackupOverwrite or FilePolicy.BackupSkip;
        var files = client.Files
            .Select(file => new OpenFileRecord(file.Handle, FileSystem.FileSystemId, file.Node.Id, file.Path, file.Mode, file.Position, policy,
                file.Node.Size, Hash256.Compute(file.Node.Content), backup ? file.Node.Content.ToArray() : ReadOnlyMemory<byte>.Empty))
            .ToArray();
        return new TaskFilesRecord(taskId, FileSystem.FileSystemId, client.WorkingDirectory.Path, files);
    }

    /// <summary>
    /// The restore verdict on each open file of <paramref name="record"/> against the file system as it is now
    /// (changes nothing). A record this VFS could never have exported (unknown file system, bad path or mode,
    /// duplicate handle, backup content that does not match its size or hash) is refused like a changed file.
    /// </summary>
    public IReadOnlyList<FileRestoreCheck> CheckFiles(TaskFilesRecord record)
    {
        var checks = new List<FileRestoreCheck>();
        var handles = new HashSet<uint>();
        foreach (var file in record.Files)
        {
            var invalid = Inconsistency(file) ?? (handles.Add(file.Handle) ? null : $"handle {file.Handle} appears twice");
            checks.Add(invalid is null ? Check(file) : new FileRestoreCheck(file, FileRestoreOutcome.Refuse, $"open file {file.Path} (handle {file.Handle}): {invalid}"));
        }

        return checks;
    }

    /// <summary>The restore verdict on one open file (changes nothing).</summary>
    public FileRestoreCheck Check(OpenFileRecord file)
    {
        var path = VfsPath.Parse(file.Path)!;
        var exists = FileSystem.Lookup(path, FileSystem.Root, out var node) is null && !node.IsDirectory;
        switch (file.Policy)
        {
            case FilePolicy.Unchangeable:
                if (!exists)
                {
                    return new FileRestoreCheck(file, FileRestoreOutcome.Refuse, $"file {file.Path} (policy unchangeable) no longer exists");
                }

                if (node.Size != file.Size || Hash256.Compute(node.Content) != file.ContentHash)
                {
                    return new FileRestoreCheck(file, FileRestoreOutcome.Refuse,
                        $"file {file.Path} (policy unchangeable) changed since the checkpoint (size {file.Size} then, {node.Size} now; content hash differs)");
                }

                return new FileRestoreCheck(file, FileRestoreOutcome.Reopen, null);
            case FilePolicy.Volatile:
                if (!exists)
                {
                    return new FileRestoreCheck(file, FileRestoreOutcome.Close, $"file {file.Path} no longer exists: handle {file.Handle} closed");
                }

                return node.Size < file.Position
                    ? new FileRestoreCheck(file, FileRestoreOutcome.SeekToEnd, $"file {file.Path} is shorter than position {file.Position}: handle {file.Handle} moved to its end ({node.Size})")
                    : new FileRestoreCheck(file, FileRestoreOutcome.Reopen, null);
            case FilePolicy.BackupOverwrite:
                return new FileRestoreCheck(file, FileRestoreOutcome.WriteBack, null);
            default:
                return exists
                    ? new FileRestoreCheck(file, node.Size < file.Position ? FileRestoreOutcome.SeekToEnd : FileRestoreOutcome.Reopen, null)
                    : new FileRestoreCheck(file, FileRestoreOutcome.WriteBack, null);
        }
    }

    /// <summary>
    /// Gives the restored task <paramref name="taskId"/> the record's working directory (created when missing) and
    /// its open files as <paramref name="checks"/> decided (from <see cref="CheckFiles"/>, none refusing).
    /// Returns an error text when the file system cannot take it (a path now blocked by a file), else null.
    /// </summary>
    public string? ApplyFiles(ulong taskId, TaskFilesRecord record, IReadOnlyList<FileRestoreCheck> checks)
    {
        if (checks.FirstOrDefault(check => check.Refuses) is { } refused)
        {
            throw new InvalidOperationException($"files of task {record.TaskId} cannot be applied: {refused.Reason}");
        }

        if (VfsPath.Parse(record.WorkingDirectory) is not { IsAbsolute: true } cwdPath)
        {
            return $"working directory '{record.WorkingDirectory}' of task {record.TaskId} is not an absolute path";
        }

        if (MakeDirectories(cwdPath) is not { } cwd)
        {
            return $"working directory {record.WorkingDirectory} of task {record.TaskId} cannot be created (a file is in the way)";
        }

        var client = Client(taskId);
        client.WorkingDirectory = cwd;
        foreach (var check in checks)
        {
            var file = check.File;
            var path = VfsPath.Parse(file.Path)!;
            if (check.Outcome == FileRestoreOutcome.Close)
            {
                continue;
            }

            if (check.Outcome == FileRestoreOutcome.WriteBack && FileSystem.Put(path, file.Contents.Span, out _) is { } error)
            {
                return $"file {file.Path} cannot be written back: {error}";
            }

            if (FileSystem.Lookup(path, FileSystem.Root, out var node) is not null || node.IsDirectory)
            {
                return $"file {file.Path} disappeared during the restore";
            }

            var position = check.Outcome == FileRestoreOutcome.SeekToEnd ? Math.Min(file.Position, node.Size) : file.Position;
            client.Reopen(file.Handle, node, file.Path, file.Mode, position);
            client.NextHandle = Math.Max(client.NextHandle, file.Handle + 1);
        }

        return null;
    }

    private string? Inconsistency(OpenFileRecord file)
    {
        if (file.FileSystemId != FileSystem.FileSystemId)
        {
            return $"file system {file.FileSystemId} is not mounted (the VFS has file system {FileSystem.FileSystemId})";
        }

        if (VfsPath.Parse(file.Path) is not { IsAbsolute: true } path || path.LeafName is null || path.Components.Any(name => name is "." or ".."))
        {
            return "the path is not a normalised absolute path";
        }

        if (file.Handle == 0 || file.Mode == FileOpenMode.None || (file.Mode & ~(FileOpenMode.Read | FileOpenMode.Write | FileOpenMode.Append)) != 0 ||
            ((file.Mode & FileOpenMode.Append) != 0 && (file.Mode & FileOpenMode.Write) == 0))
        {
            return $"handle or mode ({file.Mode}) the VFS never gives";
        }

        if (file.Position > MemoryFileSystem.MaxFileSize || file.Size > MemoryFileSystem.MaxFileSize)
        {
            return $"position {file.Position} or size {file.Size} beyond the largest file ({MemoryFileSystem.MaxFileSize} bytes)";
        }

        if (!Enum.IsDefined(file.Policy))
        {
            return $"unknown file policy {(byte)file.Policy}";
        }

        var backup = file.Policy is FilePolicy.BackupOverwrite or FilePolicy.BackupSkip;
        if (backup && ((ulong)file.Contents.Length != file.Size || Hash256.Compute(file.Contents.Span) != file.ContentHash))
        {
            return "the carried content does not match its size and hash";
        }

        return !backup && !file.Contents.IsEmpty ? "content carried under a policy that carries none" : null;
    }

    private FsNode? MakeDirectories(VfsPath path)
    {
        var directory = FileSystem.Root;
        foreach (var name in path.Components)
        {
            if (name is "." or "..")
            {
                return null;
            }

            var error = FileSystem.Create(new VfsPath(false, [name]), directory, directory: true, out var next);
            if (error is not (null or VfsError.Exists) || !next.IsDirectory)
            {
                return null;
            }

            directory = next;
        }

        return directory;
    }
}
