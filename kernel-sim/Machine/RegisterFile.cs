namespace KernelSim.Machine;

/// <summary>The user-visible register state of one thread: what the CPU reads and writes.</summary>
public sealed class RegisterFile
{
    public const int GeneralCount = 16;

    /// <summary>General registers r0..r15. Syscalls take the number in r0, arguments in r1..r5, and return in r0.</summary>
    public ulong[] R { get; } = new ulong[GeneralCount];

    public ulong Pc { get; set; }
    public ulong Sp { get; set; }
    public ulong Flags { get; set; }

    /// <summary>Thread-local storage base (per thread, like x86-64's FS base).</summary>
    public ulong Tls { get; set; }

    public RegisterFile Clone()
    {
        var copy = new RegisterFile { Pc = Pc, Sp = Sp, Flags = Flags, Tls = Tls };
        R.CopyTo(copy.R, 0);
        return copy;
    }
}
