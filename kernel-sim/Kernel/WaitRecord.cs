namespace KernelSim.Kernel;

/// <summary>
/// The syscall a blocked thread is in. <see cref="Sequence"/> orders blocking kernel-wide: it breaks
/// ties between sleepers with the same deadline and is the "rank" a checkpoint records, so a restore
/// re-enters the syscalls in the order they were first entered. <see cref="UserBuffer"/> is the user
/// address an IPC wait delivers into (the event buffer of ipc_wait, the answer buffer of ipc_call_sync).
/// </summary>
public sealed record WaitRecord(WaitReason Reason, ulong Sequence, ulong Deadline, ulong FutexAddress, ulong FutexExpected, ulong UserBuffer = 0);
