namespace KernelSim.Machine;

/// <summary>Negative syscall results (two's complement in r0), numbered as on Linux.</summary>
public enum SyscallError : long
{
    /// <summary>ENOENT: no such phone or call.</summary>
    NoEntry = -2,
    Again = -11,
    NoMemory = -12,
    Fault = -14,
    /// <summary>EBUSY: the call is being finalized (a data transfer in progress).</summary>
    Busy = -16,
    /// <summary>EEXIST: the name is already registered.</summary>
    Exists = -17,
    Invalid = -22,
    /// <summary>EHANGUP: the phone is hung up (HelenOS's error; numbered as Linux's EPIPE).</summary>
    HangUp = -32,
    NoSyscall = -38,
}
