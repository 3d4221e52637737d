namespace KernelSim.Assembler;

internal enum TokenKind
{
    Identifier,
    Number,
    String,
    Punctuation,
}
