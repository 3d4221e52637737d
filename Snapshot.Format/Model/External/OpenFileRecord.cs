namespace Snapshot.Format;

/// <summary>
/// One open file of a task, as the VFS exported it: the handle the task uses, the persistent file-system id and
/// node, the path, mode and position, the policy, and the size and SHA-256 of the content at checkpoint time.
/// <see cref="Contents"/> is the whole content for the backup policies and empty otherwise.
/// </summary>
public sealed record OpenFileRecord(uint Handle, ulong FileSystemId, ulong NodeId, string Path, FileOpenMode Mode,
                                    ulong Position, FilePolicy Policy, ulong Size, Hash256 ContentHash,
                                    ReadOnlyMemory<byte> Contents);
