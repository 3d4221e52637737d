namespace Snapshot.Format;

/// <summary>One task. <see cref="KernelTask"/> is laid out by the build profile's "task" struct.</summary>
public sealed record TaskRecord(ulong TaskId, string Name, string ProgramName, Hash256 ProgramHash,
                                ReadOnlyMemory<byte> KernelTask);
