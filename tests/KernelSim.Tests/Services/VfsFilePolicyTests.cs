using KernelSim.Services.Vfs;
using Snapshot.Format;

namespace KernelSim.Tests.Services;

/// <summary>The VFS's export of open files and the restore-side policy checks (what the checkpointer and the restorer call).</summary>
public sealed class VfsFilePolicyTests
{
    private static readonly byte[] s_content = "0123456789"u8.ToArray();

    [Fact]
    public void Export_carries_size_and_hash_always_and_content_only_for_the_backup_policies()
    {
        var (vfs, taskId) = VfsWithOpenFile(position: 4);
        var plain = vfs.ExportFiles(taskId, FilePolicy.Unchangeable)!;
        var file = Assert.Single(plain.Files);
        Assert.Equal(("/dir/f", 10UL, 4UL, FilePolicy.Unchangeable), (file.Path, file.Size, file.Position, file.Policy));
        Assert.Equal(Hash256.Compute(s_content), file.ContentHash);
        Assert.True(file.Contents.IsEmpty);
        Assert.Equal(VfsService.RootFileSystemId, file.FileSystemId);
        Assert.Equal("/dir", plain.WorkingDirectory);
        Assert.Equal(s_content, vfs.ExportFiles(taskId, FilePolicy.BackupSkip)!.Files[0].Contents.ToArray());
        Assert.Null(vfs.ExportFiles(taskId + 1, FilePolicy.Volatile));
    }

    [Fact]
    public void Unchangeable_refuses_a_changed_or_deleted_file_naming_it()
    {
        var (vfs, taskId) = VfsWithOpenFile(position: 4);
        var record = vfs.ExportFiles(taskId, FilePolicy.Unchangeable)!;
        Assert.Equal(FileRestoreOutcome.Reopen, Assert.Single(vfs.CheckFiles(record)).Outcome);
        Assert.Null(vfs.FileSystem.Put(Path("/dir/f"), "0123456780"u8, out _));
        var changed = Assert.Single(vfs.CheckFiles(record));
        Assert.True(changed.Refuses);
        Assert.Contains("file /dir/f (policy unchangeable) changed", changed.Reason);
        Assert.Null(vfs.FileSystem.Remove(Path("/dir/f"), vfs.FileSystem.Root));
        Assert.Contains("no longer exists", Assert.Single(vfs.CheckFiles(record)).Reason);
    }

    [Fact]
    public void Volatile_closes_a_deleted_file_and_moves_past_the_end_of_a_shortened_one()
    {
        var (vfs, taskId) = VfsWithOpenFile(position: 8);
        var record = vfs.ExportFiles(taskId, FilePolicy.Volatile)!;
        vfs.FileSystem.Lookup(Path("/dir/f"), vfs.FileSystem.Root, out var node);
        MemoryFileSystem.Truncate(node, 3);
        var shortened = Assert.Single(vfs.CheckFiles(record));
        Assert.Equal(FileRestoreOutcome.SeekToEnd, shortened.Outcome);

        var fresh = new VfsService();
        Assert.Null(fresh.FileSystem.Put(Path("/dir/f"), "abc"u8, out _));
        Assert.Null(fresh.ApplyFiles(7, record, fresh.CheckFiles(record)));
        var reopened = Assert.Single(fresh.FindClient(7)!.Files);
        Assert.Equal((1u, 3UL), (reopened.Handle, reopened.Position));
        Assert.Equal(2u, fresh.FindClient(7)!.NextHandle);

        var empty = new VfsService();
        var closed = Assert.Single(empty.CheckFiles(record));
        Assert.Equal(FileRestoreOutcome.Close, closed.Outcome);
        Assert.Null(empty.ApplyFiles(7, record, [closed]));
        Assert.Empty(empty.FindClient(7)!.Files);
        Assert.Equal("/dir", empty.FindClient(7)!.WorkingDirectory.Path); // the working directory is re-created
    }

    [Fact]
    public void Backup_overwrite_writes_the_content_back_and_backup_skip_only_when_the_file_is_missing()
    {
        var (vfs, taskId) = VfsWithOpenFile(position: 2);
        var overwrite = vfs.ExportFiles(taskId, FilePolicy.BackupOverwrite)!;
        var skip = vfs.ExportFiles(taskId, FilePolicy.BackupSkip)!;

        var changed = new VfsService();
        Assert.Null(changed.FileSystem.Put(Path("/dir/f"), "changed"u8, out var node));
        Assert.Null(changed.ApplyFiles(5, skip, changed.CheckFiles(skip)));
        Assert.Equal("changed"u8.ToArray(), node.Content.ToArray());
        Assert.Null(changed.ApplyFiles(6, overwrite, changed.CheckFiles(overwrite)));
        Assert.Equal(s_content, node.Content.ToArray());

        var missing = new VfsService();
        Assert.Null(missing.ApplyFiles(5, skip, missing.CheckFiles(skip)));
        missing.FileSystem.Lookup(Path("/dir/f"), missing.FileSystem.Root, out var written);
        Assert.Equal(s_content, written.Content.ToArray());
    }

    [Theory]
    [InlineData(2UL, "/dir/f", FileOpenMode.Read, "file system 2 is not mounted")]
    [InlineData(1UL, "dir/f", FileOpenMode.Read, "not a normalised absolute path")]
    [InlineData(1UL, "/dir/../f", FileOpenMode.Read, "not a normalised absolute path")]
    [InlineData(1UL, "/dir/f", FileOpenMode.None, "mode (None) the VFS never gives")]
    [InlineData(1UL, "/dir/f", FileOpenMode.Append, "mode (Append) the VFS never gives")]
    public void A_record_the_vfs_could_never_have_exported_is_refused(ulong fileSystem, string path, FileOpenMode mode, string reason)
    {
        var vfs = new VfsService();
        var file = new OpenFileRecord(1, fileSystem, 2, path, mode, 0, FilePolicy.Volatile, 0, Hash256.Compute([]), ReadOnlyMemory<byte>.Empty);
        var check = Assert.Single(vfs.CheckFiles(new TaskFilesRecord(3, 1, "/", [file])));
        Assert.True(check.Refuses);
        Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public void Backup_content_that_does_not_match_its_hash_and_duplicate_handles_are_refused()
    {
        var vfs = new VfsService();
        var forged = new OpenFileRecord(1, 1, 2, "/f", FileOpenMode.Read, 0, FilePolicy.BackupOverwrite, 3, Hash256.Compute("abc"u8), "abd"u8.ToArray());
        Assert.Contains("does not match its size and hash", Assert.Single(vfs.CheckFiles(new TaskFilesRecord(3, 1, "/", [forged]))).Reason);
        var good = forged with { Contents = "abc"u8.ToArray() };
        var checks = vfs.CheckFiles(new TaskFilesRecord(3, 1, "/", [good, good]));
        Assert.False(checks[0].Refuses);
        Assert.Contains("handle 1 appears twice", checks[1].Reason);
    }

    private static (VfsService Vfs, ulong TaskId) VfsWithOpenFile(ulong position)
    {
        var vfs = new VfsService();
        Assert.Null(vfs.FileSystem.Put(Path("/dir/f"), s_content, out var node));
        var record = new OpenFileRecord(1, 1, node.Id, "/dir/f", FileOpenMode.Read, position, FilePolicy.Volatile, 10, Hash256.Compute(s_content), ReadOnlyMemory<byte>.Empty);
        var files = new TaskFilesRecord(9, 1, "/dir", [record]);
        Assert.Null(vfs.ApplyFiles(9, files, vfs.CheckFiles(files)));
        return (vfs, 9);
    }

    private static VfsPath Path(string text) => VfsPath.Parse(text)!;
}
