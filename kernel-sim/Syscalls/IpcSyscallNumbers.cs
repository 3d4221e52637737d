namespace KernelSim.Syscalls;

/// <summary>
/// Internal numbers of the IPC syscalls for builds whose profile does not list them yet
/// (format-spec/decisions.md D9): adding them to a profile would change its build id and every
/// image stamped with it. The next build profile lists them; a profile that does wins over this
/// table. No image of format 1.x records an IPC syscall (the checkpointer refuses tasks holding
/// IPC state), so these numbers never reach an image.
/// </summary>
internal static class IpcSyscallNumbers
{
    /// <summary>Name → internal number, in the 0x100 range no released profile uses.</summary>
    public static IReadOnlyList<KeyValuePair<string, uint>> Defaults { get; } =
    [
        new(SyscallNames.IpcCallAsync, 0x100),
        new(SyscallNames.IpcCallSync, 0x101),
        new(SyscallNames.IpcWait, 0x102),
        new(SyscallNames.IpcAnswer, 0x103),
        new(SyscallNames.IpcForward, 0x104),
        new(SyscallNames.IpcHangup, 0x105),
        // 0x106 and 0x107 were ipc_register and ipc_connect (removed with the naming service); never reused.
        new(SyscallNames.IpcDataFinalize, 0x108),
        new(SyscallNames.IpcShareFinalize, 0x109),
    ];

    /// <summary>Adds the IPC syscalls a profile's table lacks; a clash with a number the profile uses is a boot error.</summary>
    public static void AddMissing(Dictionary<string, uint> table, string build) =>
        InternalSyscallNumbers.AddMissing(table, Defaults, build, "list the IPC syscalls in the profile");
}
