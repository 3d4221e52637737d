namespace KernelSim.Assembler;

/// <summary>One lexical token of a source line: <see cref="Text"/> as written, starting at column <see cref="Start"/>.</summary>
internal sealed record Token(TokenKind Kind, string Text, int Start, ulong Number = 0, byte[]? Bytes = null)
{
    public int End => Start + Text.Length;

    public bool Is(char punctuation) => Kind == TokenKind.Punctuation && Text.Length == 1 && Text[0] == punctuation;
}
