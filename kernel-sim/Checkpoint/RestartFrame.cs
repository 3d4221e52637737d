using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Syscalls;
using Snapshot.Format.Kernels;

namespace KernelSim.Checkpoint;

/// <summary>
/// The restart frame of a blocked thread: the syscall it is in, undone into the arguments that re-enter it
/// (<see cref="SyscallDispatcher.Restart"/>). Both a capture and a stop of the checkpoint set's members use it.
/// </summary>
internal static class RestartFrame
{
    public static PendingSyscall Of(Microkernel kernel, KernelThread thread)
    {
        var wait = thread.Wait ?? throw new InvalidOperationException($"{thread} is not blocked in a syscall");
        return wait.Reason switch
        {
            // Like Linux's restart_block: the frame holds the ticks still to sleep, not the original
            // argument, so the deadline survives the checkpoint relative to the restored kernel's clock.
            WaitReason.Sleep => new PendingSyscall(SyscallNames.Sleep,
                [wait.Deadline > kernel.Now ? wait.Deadline - kernel.Now : 0, 0, 0, 0, 0], Restart: true),
            WaitReason.Futex => new PendingSyscall(SyscallNames.FutexWait,
                [wait.FutexAddress, wait.FutexExpected, 0, 0, 0], Restart: true),
            WaitReason.IpcWait => new PendingSyscall(SyscallNames.IpcWait, IpcSystem.RestartArguments(thread), Restart: true),
            WaitReason.IpcSyncCall => new PendingSyscall(SyscallNames.IpcCallSync, IpcSystem.RestartArguments(thread), Restart: true),
            WaitReason.IpcTransfer => new PendingSyscall(SyscallNames.IpcDataFinalize, IpcSystem.RestartArguments(thread), Restart: true),
            _ => throw new InvalidOperationException($"unknown wait reason {wait.Reason}"),
        };
    }
}
