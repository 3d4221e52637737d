namespace KernelSim.Assembler;

/// <summary>
/// The one error the assembler reports: bad source. <see cref="Exception.Message"/> reads
/// "prog.s:12: unknown mnemonic 'foo'" (or "prog.s: ..." when no single line is to blame).
/// </summary>
public sealed class AssemblerException : Exception
{
    public AssemblerException(string file, int line, string reason)
        : base(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file the error is in: the program's own ("prog.s"), or an included file's path ("lib/line_output.s").</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when the error is about the whole program.</summary>
    public int Line { get; }

    /// <summary>The message without the location.</summary>
    public string Reason { get; }
}
