namespace Snapshot.Format;

/// <summary>A task's file-system state (FILES section, format 1.2): working directory and open files by handle.</summary>
public sealed record TaskFilesRecord(ulong TaskId, ulong WorkingDirectoryFileSystemId, string WorkingDirectory,
                                     IReadOnlyList<OpenFileRecord> Files);
