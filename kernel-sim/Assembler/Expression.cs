namespace KernelSim.Assembler;

/// <summary>An operand expression: numbers, symbols, binary + - * / &amp; | ^ &lt;&lt; &gt;&gt; and unary - ~, evaluated in 64-bit two's complement.</summary>
internal abstract record Expression
{
    public sealed record Literal(ulong Value) : Expression;

    public sealed record SymbolReference(string Name) : Expression;

    public sealed record Unary(char Operator, Expression Operand) : Expression;

    public sealed record Binary(string Operator, Expression Left, Expression Right) : Expression;
}
