namespace KernelSim.Assembler;

/// <summary>Turns the text of a program (syntax in kernel-sim/ISA.md) into an <see cref="AssembledProgram"/>.</summary>
public static class Assembler
{
    /// <summary>
    /// Assembles <paramref name="source"/>; its <c>.include</c> directives find the embedded runtime library
    /// (<see cref="ProgramLibrary.EmbeddedInclude"/>, "lib/…"). <paramref name="name"/> names the program
    /// ("ckpt" or "ckpt.s"); errors read "ckpt.s:12: unknown mnemonic 'foo'". The output depends on nothing but the source.
    /// </summary>
    /// <exception cref="AssemblerException">The source has an error; the message gives file, line and reason.</exception>
    public static AssembledProgram Assemble(string name, string source) => Assemble(name, source, ProgramLibrary.EmbeddedInclude);

    /// <summary>
    /// Assembles <paramref name="source"/>, asking <paramref name="includes"/> for the text of each file its
    /// <c>.include</c> directives name. Errors inside an included file name that file and its line
    /// ("lib/line_output.s:12: …"); a missing, cyclic or too deeply nested include is reported at the
    /// <c>.include</c> line. The output depends on nothing but the source and the texts the resolver returns.
    /// </summary>
    /// <exception cref="AssemblerException">The source or an included file has an error.</exception>
    public static AssembledProgram Assemble(string name, string source, IncludeResolver includes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(includes);
        return SourceAssembly.Assemble(name, source, includes);
    }
}
