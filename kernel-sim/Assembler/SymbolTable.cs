using KernelSim.Machine;

namespace KernelSim.Assembler;

/// <summary>
/// Labels (addresses, known after layout) and <c>.equ</c> constants (expressions, evaluated on use so
/// they may refer to labels and to constants defined further down), plus the predefined constants.
/// </summary>
internal sealed class SymbolTable
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);
    private readonly Func<SourceLocation, string, Exception> _error;

    public SymbolTable(Func<SourceLocation, string, Exception> error) => _error = error;

    private abstract class Symbol(SourceLocation location)
    {
        public SourceLocation Location { get; } = location;

        /// <summary>Position in definition order: constants are checked in the order they were written.</summary>
        public int Order { get; set; }
    }

    private sealed class Label(SourceLocation location) : Symbol(location)
    {
        public ulong? Address { get; set; }
        public Section Section { get; set; }
    }

    private sealed class Constant(SourceLocation location, Expression value) : Symbol(location)
    {
        public Expression Value { get; } = value;
        public bool Evaluating { get; set; }
    }

    public void DefineLabel(string name, SourceLocation location) => Define(name, new Label(location));

    public void DefineConstant(string name, SourceLocation location, Expression value) => Define(name, new Constant(location, value));

    public void PlaceLabel(string name, Section section, ulong address)
    {
        var label = (Label)_symbols[name];
        label.Section = section;
        label.Address = address;
    }

    /// <summary>The section and address of a label, or null when <paramref name="name"/> is not a label.</summary>
    public (Section Section, ulong Address)? LabelAddress(string name) =>
        _symbols.TryGetValue(name, out var symbol) && symbol is Label { Address: { } address } label ? (label.Section, address) : null;

    /// <summary>Checks every constant, so a broken but unused <c>.equ</c> is still reported at its line.</summary>
    public void EvaluateAllConstants()
    {
        foreach (var (name, symbol) in _symbols.OrderBy(pair => pair.Value.Order))
        {
            if (symbol is Constant)
                Evaluate(new Expression.SymbolReference(name), symbol.Location, out _);
        }
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> written at <paramref name="location"/>. A label not yet placed
    /// counts as 0 and sets <paramref name="usesLabel"/>, so layout can ask "is this a constant?".
    /// </summary>
    public ulong Evaluate(Expression expression, SourceLocation location, out bool usesLabel)
    {
        bool labels = false;
        ulong value = EvaluateCore(expression, location, ref labels);
        usesLabel = labels;
        return value;
    }

    private ulong EvaluateCore(Expression expression, SourceLocation location, ref bool usesLabel)
    {
        switch (expression)
        {
            case Expression.Literal literal:
                return literal.Value;
            case Expression.Unary unary:
            {
                ulong operand = EvaluateCore(unary.Operand, location, ref usesLabel);
                return unary.Operator == '-' ? 0 - operand : ~operand;
            }
            case Expression.Binary binary:
            {
                ulong left = EvaluateCore(binary.Left, location, ref usesLabel);
                ulong right = EvaluateCore(binary.Right, location, ref usesLabel);
                switch (binary.Operator)
                {
                    case "+": return left + right;
                    case "-": return left - right;
                    case "*": return left * right;
                    case "&": return left & right;
                    case "|": return left | right;
                    case "^": return left ^ right;
                    case "<<": return right > 63 ? 0 : left << (int)right;
                    case ">>": return right > 63 ? 0 : left >> (int)right;
                    default:
                        if (right == 0)
                            throw _error(location, "division by zero in expression");
                        // Signed, like the rest of the expression language; long.MinValue / -1 wraps.
                        return (long)right == -1 ? 0 - left : (ulong)((long)left / (long)right);
                }
            }
            case Expression.SymbolReference reference:
                return Resolve(reference.Name, location, ref usesLabel);
            default:
                throw new ArgumentOutOfRangeException(nameof(expression));
        }
    }

    private ulong Resolve(string name, SourceLocation location, ref bool usesLabel)
    {
        if (PredefinedSymbols.All.TryGetValue(name, out ulong predefined))
            return predefined;
        if (!_symbols.TryGetValue(name, out var symbol))
            throw _error(location, Registers.IsRegister(name) ? $"register '{name}' where a value is expected" : $"undefined symbol '{name}'");
        if (symbol is Label label)
        {
            usesLabel = true;
            return label.Address ?? 0;
        }
        var constant = (Constant)symbol;
        if (constant.Evaluating)
            throw _error(constant.Location, $"circular definition of '{name}'");
        constant.Evaluating = true;
        try
        {
            return EvaluateCore(constant.Value, constant.Location, ref usesLabel);
        }
        finally
        {
            constant.Evaluating = false;
        }
    }

    private void Define(string name, Symbol symbol)
    {
        if (Registers.IsRegister(name))
            throw _error(symbol.Location, $"'{name}' is a register name and cannot be defined");
        if (PredefinedSymbols.All.ContainsKey(name))
            throw _error(symbol.Location, $"'{name}' is a predefined constant and cannot be redefined");
        if (_symbols.TryGetValue(name, out var existing))
            throw _error(symbol.Location, $"duplicate symbol '{name}' (first defined at {existing.Location.DescribeFrom(symbol.Location)})");
        symbol.Order = _symbols.Count;
        _symbols.Add(name, symbol);
    }
}
