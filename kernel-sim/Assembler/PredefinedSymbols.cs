using System.Collections.Frozen;
using System.Text;
using KernelSim.Machine;

namespace KernelSim.Assembler;

/// <summary>
/// Constants every program may use without defining them: SYS_* from <see cref="SyscallNumber"/>
/// (ThreadCreate → SYS_THREAD_CREATE), the area flags, and the error results from <see cref="SyscallError"/>.
/// </summary>
public static class PredefinedSymbols
{
    /// <summary>Name → value, including the syscall numbers, AREA_READ, AREA_WRITE and EAGAIN, ENOMEM, EFAULT, EINVAL, ENOSYS, ENOENT, EEXIST, EHANGUP.</summary>
    public static FrozenDictionary<string, ulong> All { get; } = Build();

    /// <summary>The assembler name of a syscall number: "SYS_" and the enum name in upper snake case.</summary>
    public static string NameOf(SyscallNumber number)
    {
        var name = new StringBuilder("SYS_");
        string pascal = number.ToString();
        for (int i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterUpper(pascal[i]))
                name.Append('_');
            name.Append(char.ToUpperInvariant(pascal[i]));
        }
        return name.ToString();
    }

    /// <summary>The assembler name of a syscall error, as on Unix.</summary>
    public static string NameOf(SyscallError error) => error switch
    {
        SyscallError.Again => "EAGAIN",
        SyscallError.NoMemory => "ENOMEM",
        SyscallError.Fault => "EFAULT",
        SyscallError.Invalid => "EINVAL",
        SyscallError.NoSyscall => "ENOSYS",
        SyscallError.NoEntry => "ENOENT",
        SyscallError.Exists => "EEXIST",
        SyscallError.HangUp => "EHANGUP",
        _ => "E" + error.ToString().ToUpperInvariant(),
    };

    private static FrozenDictionary<string, ulong> Build()
    {
        var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal)
        {
            ["AREA_READ"] = 1,
            ["AREA_WRITE"] = 2,
        };
        foreach (var number in Enum.GetValues<SyscallNumber>())
            symbols.Add(NameOf(number), (ulong)number);
        foreach (var error in Enum.GetValues<SyscallError>())
            symbols.Add(NameOf(error), (ulong)(long)error);
        return symbols.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
