using KernelSim.Machine;

namespace KernelSim.Syscalls;

/// <summary>
/// The names that connect the stable user ABI (<see cref="SyscallNumber"/>) to each build's internal
/// dispatch table (the profile's "syscalls").
/// </summary>
public static class SyscallNames
{
    public const string Write = "write";
    public const string ThreadCreate = "thread_create";
    public const string ThreadExit = "thread_exit";
    public const string TaskExit = "task_exit";
    public const string Yield = "yield";
    public const string Sleep = "sleep";
    public const string FutexWait = "futex_wait";
    public const string FutexWake = "futex_wake";
    public const string AreaCreate = "area_create";
    public const string AreaResize = "area_resize";
    public const string ThreadId = "thread_id";
    public const string Random = "random";
    public const string IpcCallAsync = "ipc_call_async";
    public const string IpcCallSync = "ipc_call_sync";
    public const string IpcWait = "ipc_wait";
    public const string IpcAnswer = "ipc_answer";
    public const string IpcForward = "ipc_forward";
    public const string IpcHangup = "ipc_hangup";
    public const string IpcDataFinalize = "ipc_data_finalize";
    public const string IpcShareFinalize = "ipc_share_finalize";
    public const string MemFill = "mem_fill";

    /// <summary>The name of a user ABI number, or null for a number the ABI does not define.</summary>
    public static string? Of(ulong userNumber) => (SyscallNumber)userNumber switch
    {
        SyscallNumber.Write => Write,
        SyscallNumber.ThreadCreate => ThreadCreate,
        SyscallNumber.ThreadExit => ThreadExit,
        SyscallNumber.TaskExit => TaskExit,
        SyscallNumber.Yield => Yield,
        SyscallNumber.Sleep => Sleep,
        SyscallNumber.FutexWait => FutexWait,
        SyscallNumber.FutexWake => FutexWake,
        SyscallNumber.AreaCreate => AreaCreate,
        SyscallNumber.AreaResize => AreaResize,
        SyscallNumber.ThreadId => ThreadId,
        SyscallNumber.Random => Random,
        SyscallNumber.IpcCallAsync => IpcCallAsync,
        SyscallNumber.IpcCallSync => IpcCallSync,
        SyscallNumber.IpcWait => IpcWait,
        SyscallNumber.IpcAnswer => IpcAnswer,
        SyscallNumber.IpcForward => IpcForward,
        SyscallNumber.IpcHangup => IpcHangup,
        SyscallNumber.IpcDataFinalize => IpcDataFinalize,
        SyscallNumber.IpcShareFinalize => IpcShareFinalize,
        SyscallNumber.MemFill => MemFill,
        _ => null,
    };
}
