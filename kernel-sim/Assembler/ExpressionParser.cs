namespace KernelSim.Assembler;

/// <summary>
/// Recursive descent over the tokens of one operand. Precedence as in C: unary (- ~ +) binds tightest,
/// then * /, + -, &lt;&lt; &gt;&gt;, &amp;, ^, |; parentheses group. Nesting is bounded so hostile input cannot
/// overflow the stack.
/// </summary>
internal sealed class ExpressionParser
{
    private const int MaxDepth = 64;

    private readonly IReadOnlyList<Token> _tokens;
    private readonly Func<string, Exception> _error;
    private int _position;
    private int _depth;

    private ExpressionParser(IReadOnlyList<Token> tokens, Func<string, Exception> error)
    {
        _tokens = tokens;
        _error = error;
    }

    /// <summary>Parses all of <paramref name="tokens"/> as one expression.</summary>
    public static Expression Parse(IReadOnlyList<Token> tokens, Func<string, Exception> error)
    {
        var parser = new ExpressionParser(tokens, error);
        var expression = parser.ParseSum();
        if (parser._position < tokens.Count)
            throw error($"unexpected '{tokens[parser._position].Text}' in expression");
        return expression;
    }

    // Binary operators from the loosest to the tightest binding, as in C.
    private static readonly string[][] s_levels = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/"]];

    private Expression ParseSum() => ParseLevel(0);

    private Expression ParseLevel(int level)
    {
        if (level == s_levels.Length)
            return ParseUnary();
        var left = ParseLevel(level + 1);
        while (Peek() is { Kind: TokenKind.Punctuation } token && s_levels[level].Contains(token.Text))
        {
            _position++;
            left = new Expression.Binary(token.Text, left, ParseLevel(level + 1));
        }
        return left;
    }

    private Expression ParseUnary()
    {
        if (++_depth > MaxDepth)
            throw _error("expression nested too deeply");
        try
        {
            var token = Peek() ?? throw _error(_tokens.Count == 0 ? "missing value" : "expression ends too early");
            _position++;
            if (token.Is('-') || token.Is('~'))
                return new Expression.Unary(token.Text[0], ParseUnary());
            if (token.Is('+'))
                return ParseUnary();
            if (token.Is('('))
            {
                var inner = ParseSum();
                if (Peek() is not { } close || !close.Is(')'))
                    throw _error("missing ')' in expression");
                _position++;
                return inner;
            }
            return token.Kind switch
            {
                TokenKind.Number => new Expression.Literal(token.Number),
                TokenKind.Identifier => new Expression.SymbolReference(token.Text),
                TokenKind.String => throw _error($"a string {token.Text} is not a value"),
                _ => throw _error($"unexpected '{token.Text}' in expression"),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private Token? Peek() => _position < _tokens.Count ? _tokens[_position] : null;
}
