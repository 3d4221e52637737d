namespace KernelSim.Assembler;

/// <summary>Turns the text of a program (syntax in kernel-sim/ISA.md) into an <see cref="AssembledProgram"/>.</summary>
public static class Assembler
{
    /// <summary>
    /// Assembles <paramref name="source"/>. <paramref name="name"/> names the program ("ckpt" or "ckpt.s");
    /// errors read "ckpt.s:12: unknown mnemonic 'foo'". The output depends on nothing but the source.
    /// </summary>
    /// <exception cref="AssemblerException">The source has an error; the message gives file, line and reason.</exception>
    public static AssembledProgram Assemble(string name, string source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        return SourceAssembly.Assemble(name, source);
    }
}
