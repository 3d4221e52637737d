namespace KernelSim.Ipc;

/// <summary>
/// Call methods, numbered as in HelenOS: the kernel's system methods lie below
/// <see cref="FirstUser"/>, and user calls must use <see cref="FirstUser"/> or above.
/// </summary>
public static class IpcMethods
{
    /// <summary>The kernel tells a server that a client hung up the phone the call names; its answer is discarded.</summary>
    public const ulong PhoneHungUp = 1;

    /// <summary>The lowest method a user task may send (HelenOS's IPC_FIRST_USER_METHOD).</summary>
    public const ulong FirstUser = 1024;
}
