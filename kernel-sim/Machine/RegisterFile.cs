namespace KernelSim.Machine;

/// <summary>The user-visible register state of one thread: what the CPU reads and writes.</summary>
public sealed class RegisterFile
{
    public const int GeneralCount = 16;

    /// <summary>General registers r0..r15. Syscalls take the number in r0, arguments in r1..r5, and return in r0.</summary>
    public ulong[] R { get; } = new ulong[GeneralCount];

    /// <summary>Address of the next instruction to execute.</summary>
    public ulong Pc { get; set; }

    /// <summary>Stack pointer; instructions name it as register 16 (<c>sp</c>). The stack grows down.</summary>
    public ulong Sp { get; set; }

    /// <summary>Condition flags: the bits of <see cref="CpuFlags"/>, written by cmp, cmpi and cas.</summary>
    public ulong Flags { get; set; }

    /// <summary>Thread-local storage base (per thread, like x86-64's FS base).</summary>
    public ulong Tls { get; set; }

    /// <summary>A copy that shares nothing with this one.</summary>
    public RegisterFile Clone()
    {
        var copy = new RegisterFile { Pc = Pc, Sp = Sp, Flags = Flags, Tls = Tls };
        R.CopyTo(copy.R, 0);
        return copy;
    }
}
