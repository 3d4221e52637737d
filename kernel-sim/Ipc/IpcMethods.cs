namespace KernelSim.Ipc;

/// <summary>
/// Call methods, numbered as in HelenOS: the kernel's system methods lie below
/// <see cref="FirstUser"/>, and user calls must use <see cref="FirstUser"/> or above (or one of the
/// system methods a task may send, <see cref="IsSendable"/>).
/// </summary>
public static class IpcMethods
{
    /// <summary>The kernel tells a server that a client hung up the phone the call names; its answer is discarded.</summary>
    public const ulong PhoneHungUp = 1;

    /// <summary>
    /// Registers the caller's answerbox with the receiver (HelenOS IPC_M_CONNECT_TO_ME): sent to the naming
    /// service over phone 0 with arg1 = the packed name. An accepting receiver gets a callback phone to the caller.
    /// </summary>
    public const ulong ConnectToMe = 2;

    /// <summary>
    /// Asks for a new phone (HelenOS IPC_M_CONNECT_ME_TO): when the final receiver answers 0, the kernel gives the
    /// original sender a phone to that receiver's answerbox and the answer's return value is its id.
    /// </summary>
    public const ulong ConnectMeTo = 3;

    /// <summary>The sender asks the receiver for memory (arg1 size, arg2 flags); finalized with ipc_share_finalize.</summary>
    public const ulong ShareIn = 4;

    /// <summary>The sender offers its area (arg1 base, arg2 size, arg3 flags); finalized with ipc_share_finalize.</summary>
    public const ulong ShareOut = 5;

    /// <summary>The sender offers bytes (arg1 buffer, arg2 size); finalized with ipc_data_finalize.</summary>
    public const ulong DataWrite = 6;

    /// <summary>The sender asks for bytes (arg1 buffer, arg2 size); finalized with ipc_data_finalize.</summary>
    public const ulong DataRead = 7;

    /// <summary>The lowest method a user task may send (HelenOS's IPC_FIRST_USER_METHOD).</summary>
    public const ulong FirstUser = 1024;

    /// <summary>True for a method a task may send: a user method or a system method other than the kernel's own notice.</summary>
    public static bool IsSendable(ulong method) => method >= FirstUser || method is >= ConnectToMe and <= DataRead;

    /// <summary>True for the methods whose call carries a data transfer.</summary>
    public static bool IsData(ulong method) => method is DataWrite or DataRead;

    /// <summary>True for the methods whose call carries a memory share.</summary>
    public static bool IsShare(ulong method) => method is ShareIn or ShareOut;
}
