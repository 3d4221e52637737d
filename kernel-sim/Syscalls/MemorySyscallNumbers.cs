namespace KernelSim.Syscalls;

/// <summary>
/// Internal number of mem_fill for builds whose profile does not list it (all released ones): adding it to a
/// profile would change its build id and every image stamped with it, as for the IPC syscalls
/// (<see cref="IpcSyscallNumbers"/>, format-spec/decisions.md D9). mem_fill never blocks, so it never appears in
/// a restart frame and its number never reaches an image.
/// </summary>
internal static class MemorySyscallNumbers
{
    /// <summary>Name → internal number, above the IPC range no released profile uses.</summary>
    public static IReadOnlyList<KeyValuePair<string, uint>> Defaults { get; } =
    [
        new(SyscallNames.MemFill, 0x110),
    ];

    /// <summary>Adds the memory syscalls a profile's table lacks; a clash with a number the profile uses is a boot error.</summary>
    public static void AddMissing(Dictionary<string, uint> table, string build) =>
        InternalSyscallNumbers.AddMissing(table, Defaults, build, "list it in the profile");
}
