namespace KernelSim.Assembler;

/// <summary>One source line: the labels it defines, then at most one instruction or directive.</summary>
/// <param name="Location">The file and line it was written at (an included file's own line).</param>
/// <param name="Labels">Labels defined on this line, in order.</param>
/// <param name="Operation">Lower-cased mnemonic or directive (with its '.'), or null for a line of labels only.</param>
/// <param name="Operands">The operands, split at top-level commas.</param>
internal sealed record Statement(SourceLocation Location, IReadOnlyList<Token> Labels, string? Operation, IReadOnlyList<Operand> Operands);
