namespace KernelSim.Assembler;

/// <summary>
/// Where a statement was written: the file (the program's own file, or an included file's path
/// relative to the program's directory, e.g. "lib/line_output.s") and the 1-based line; line 0
/// means the whole file.
/// </summary>
internal readonly record struct SourceLocation(string File, int Line)
{
    /// <summary>How a message refers to this place as seen from <paramref name="here"/>: "line 12" in the same file, else "lib/x.s:12".</summary>
    public string DescribeFrom(SourceLocation here) => here.File == File ? $"line {Line}" : $"{File}:{Line}";

    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
