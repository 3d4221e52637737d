namespace KernelSim.Machine;

/// <summary>Negative syscall results (two's complement in r0), numbered as on Linux.</summary>
public enum SyscallError : long
{
    Again = -11,
    NoMemory = -12,
    Fault = -14,
    Invalid = -22,
    NoSyscall = -38,
}
