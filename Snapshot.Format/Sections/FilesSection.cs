using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>
/// FILES payload (format 1.2): u64 task id, u64 working directory fs id, string working directory, u32 count,
/// files {u32 handle, u8 mode, u8 policy, u16 reserved, u64 fs id, u64 node id, u64 position, u64 size,
/// hash content, string path, u32-prefixed contents}.
/// </summary>
internal static class FilesSection
{
    private const string Section = "FILES";
    private const int MinFileLength = 4 + 1 + 1 + 2 + 8 + 8 + 8 + 8 + Hash256.Size + 2 + 4;
    private const FileOpenMode AllModes = FileOpenMode.Read | FileOpenMode.Write | FileOpenMode.Append;

    public static void Write(PayloadWriter writer, TaskFilesRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Files);
        if (record.Files.Count > FormatLimits.MaxOpenFilesPerTask)
            throw new ArgumentException($"a task has at most {FormatLimits.MaxOpenFilesPerTask} open files", nameof(record));
        writer.U64(record.TaskId);
        writer.U64(record.WorkingDirectoryFileSystemId);
        writer.String(record.WorkingDirectory, "working directory");
        writer.U32((uint)record.Files.Count);
        foreach (OpenFileRecord file in record.Files)
        {
            if (file.Mode == FileOpenMode.None || (file.Mode & ~AllModes) != 0 || !Enum.IsDefined(file.Policy))
                throw new ArgumentException($"open file {file.Handle} of task {record.TaskId} has an undefined mode or policy", nameof(record));
            if (file.Contents.Length > FormatLimits.MaxFileContents)
                throw new ArgumentException($"the contents of {file.Path} are {file.Contents.Length} bytes, more than the {FormatLimits.MaxFileContents} an image carries", nameof(record));
            writer.U32(file.Handle);
            writer.U8((byte)file.Mode);
            writer.U8((byte)file.Policy);
            writer.U16(0);
            writer.U64(file.FileSystemId);
            writer.U64(file.NodeId);
            writer.U64(file.Position);
            writer.U64(file.Size);
            writer.Hash(file.ContentHash);
            writer.String(file.Path, "file path");
            writer.U32((uint)file.Contents.Length);
            writer.Bytes(file.Contents.Span);
        }
    }

    public static TaskFilesRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        ulong taskId = reader.U64();
        ulong cwdFs = reader.U64();
        string cwd = reader.String("working directory");
        int count = reader.Count(FormatLimits.MaxOpenFilesPerTask, MinFileLength, "open file");
        var files = new OpenFileRecord[count];
        for (int i = 0; i < count; i++)
        {
            uint handle = reader.U32();
            long at = reader.Offset;
            var mode = (FileOpenMode)reader.U8();
            if (mode == FileOpenMode.None || (mode & ~AllModes) != 0)
                FormatThrow.Invalid(Section, at, $"open file {handle} has invalid mode bits 0x{(byte)mode:x}");
            at = reader.Offset;
            var policy = (FilePolicy)reader.U8();
            if (!Enum.IsDefined(policy))
                FormatThrow.Invalid(Section, at, $"open file {handle} has unknown policy {(byte)policy}");
            reader.Reserved(2);
            ulong fsId = reader.U64();
            ulong node = reader.U64();
            ulong position = reader.U64();
            ulong size = reader.U64();
            Hash256 hash = reader.Hash();
            string path = reader.String("file path");
            at = reader.Offset;
            byte[] contents = reader.Blob("file contents");
            if (contents.Length > FormatLimits.MaxFileContents)
                FormatThrow.Invalid(Section, at, $"the contents of {path} are {contents.Length} bytes, more than {FormatLimits.MaxFileContents}");
            files[i] = new OpenFileRecord(handle, fsId, node, path, mode, position, policy, size, hash, contents);
        }
        reader.End();
        return new TaskFilesRecord(taskId, cwdFs, cwd, files);
    }
}
