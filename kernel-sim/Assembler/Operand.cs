namespace KernelSim.Assembler;

/// <summary>One comma-separated operand: its tokens and its text as written (for messages).</summary>
internal sealed record Operand(IReadOnlyList<Token> Tokens, string Text);
