using KernelSim.Machine;

namespace KernelSim.Assembler;

/// <summary>Register names as written in source: r0..r15 and sp (field value 16); tls only inside [tls+imm].</summary>
internal static class Registers
{
    public const string TlsBase = "tls";

    /// <summary>The field value of register <paramref name="name"/> (case-insensitive), or null.</summary>
    public static byte? Parse(string name)
    {
        if (name.Equals("sp", StringComparison.OrdinalIgnoreCase))
            return InstructionSet.StackPointer;
        if (name.Length is 2 or 3 && name[0] is 'r' or 'R'
            && int.TryParse(name.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            && index < RegisterFile.GeneralCount && name[1..] == index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return (byte)index;
        return null;
    }

    /// <summary>True for every name the assembler reserves for registers, tls included.</summary>
    public static bool IsRegister(string name) => Parse(name) is not null || name.Equals(TlsBase, StringComparison.OrdinalIgnoreCase);
}
