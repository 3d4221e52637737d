namespace Snapshot.Format;

/// <summary>One thread: <see cref="KernelThread"/> is the build's "thread" struct,
/// <see cref="KernelStack"/> the build's "kstack" frame.</summary>
public sealed record ThreadRecord(ulong TaskId, uint ThreadId,
                                  ReadOnlyMemory<byte> KernelThread,
                                  ReadOnlyMemory<byte> KernelStack);
