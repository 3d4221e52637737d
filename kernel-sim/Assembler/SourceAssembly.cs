using System.Buffers.Binary;
using KernelSim.Machine;
using Snapshot.Format;

namespace KernelSim.Assembler;

/// <summary>
/// One run of the assembler over one source and the files it includes: parse every line, define symbols, lay out both
/// sections (pass 1: addresses and sizes), then encode (pass 2). The first error ends the run.
/// </summary>
internal sealed partial class SourceAssembly
{
    /// <summary>Each section is capped so a hostile ".zero" cannot allocate without bound.</summary>
    public const int MaxSectionSize = 16 << 20;

    /// <summary>Longest source accepted, in characters: the program and every inclusion together.</summary>
    public const int MaxSourceLength = 4 << 20;

    private const int MaxAlignment = 4096;

    private readonly string _file;
    private readonly string _name;
    private readonly IncludeResolver _includes;
    private readonly SymbolTable _symbols;
    private readonly List<Statement> _statements = [];
    private readonly List<Placement> _placements = [];

    // Where pass 1 put a statement: its section, its address, and for li-like pseudo-instructions
    // how many machine instructions it became (fixed in pass 1 so pass 2 cannot move labels).
    private readonly record struct Placement(Section Section, ulong Address, int Size);

    private SourceAssembly(string name, IncludeResolver includes)
    {
        _name = name.EndsWith(".s", StringComparison.Ordinal) ? name[..^2] : name;
        _file = _name + ".s";
        _includes = includes;
        _symbols = new SymbolTable(Error);
    }

    public static AssembledProgram Assemble(string name, string source, IncludeResolver includes)
    {
        var run = new SourceAssembly(name, includes);
        if (source.Length > MaxSourceLength)
            throw run.ProgramError($"source is longer than {MaxSourceLength} characters");
        run._sourceLength = source.Length;
        run._includeChain.Add(run._file);
        run.Parse(run._file, "", source, depth: 0);
        run.DefineSymbols();
        var (textSize, dataSize) = run.Layout();
        return run.Emit(textSize, dataSize);
    }

    private static AssemblerException Error(SourceLocation location, string reason) => new(location.File, location.Line, reason);

    private AssemblerException ProgramError(string reason) => Error(new SourceLocation(_file, 0), reason);

    // file: how messages name it; directory: what its .include paths are relative to.
    private void Parse(string file, string directory, string source, int depth)
    {
        string[] lines = source.Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            var location = new SourceLocation(file, index + 1);
            string text = lines[index].TrimEnd('\r');
            var tokens = LineTokenizer.Tokenize(text, reason => Error(location, reason));
            var labels = new List<Token>();
            int i = 0;
            while (i + 1 < tokens.Count && tokens[i].Kind == TokenKind.Identifier && tokens[i + 1].Is(':'))
            {
                labels.Add(tokens[i]);
                i += 2;
            }
            if (i == tokens.Count)
            {
                if (labels.Count > 0)
                    _statements.Add(new Statement(location, labels, null, []));
                continue;
            }
            if (tokens[i].Kind != TokenKind.Identifier)
                throw Error(location, $"expected an instruction or directive, got '{tokens[i].Text}'");
            string operation = tokens[i].Text.ToLowerInvariant();
            var statement = new Statement(location, labels, operation, SplitOperands(text, tokens, i + 1, location));
            if (operation == ".include")
                Include(statement, directory, depth);
            else
                _statements.Add(statement);
        }
    }

    private List<Operand> SplitOperands(string text, List<Token> tokens, int start, SourceLocation location)
    {
        var operands = new List<Operand>();
        if (start == tokens.Count)
            return operands;
        int depth = 0, first = start;
        for (int i = start; i <= tokens.Count; i++)
        {
            if (i < tokens.Count)
            {
                var token = tokens[i];
                if (token.Is('[') || token.Is('('))
                    depth++;
                else if (token.Is(']') || token.Is(')'))
                    depth--;
                if (!(token.Is(',') && depth == 0))
                    continue;
            }
            if (i == first)
                throw Error(location, "empty operand");
            operands.Add(new Operand(tokens[first..i], text[tokens[first].Start..tokens[i - 1].End]));
            first = i + 1;
        }
        return operands;
    }

    private void DefineSymbols()
    {
        foreach (var statement in _statements)
        {
            foreach (var label in statement.Labels)
                _symbols.DefineLabel(label.Text, statement.Location);
            if (statement.Operation == ".equ")
            {
                ExpectOperands(statement, 2, ".equ NAME, value");
                var name = statement.Operands[0];
                if (name.Tokens is not [{ Kind: TokenKind.Identifier } identifier])
                    throw Error(statement.Location, $"bad constant name '{name.Text}'");
                _symbols.DefineConstant(identifier.Text, statement.Location, ParseExpression(statement, statement.Operands[1]));
            }
        }
    }

    private (int Text, int Data) Layout()
    {
        var section = Section.Text;
        int text = 0, data = 0;
        foreach (var statement in _statements)
        {
            ref int counter = ref section == Section.Text ? ref text : ref data;
            ulong address = BaseOf(section) + (ulong)counter;
            foreach (var label in statement.Labels)
                _symbols.PlaceLabel(label.Text, section, address);

            var placed = section; // a ".data" line's own labels stay in the section before it
            int size = SizeOf(statement, section, counter, ref section);
            _placements.Add(new Placement(placed, address, size));
            counter += size;
            if (counter > MaxSectionSize)
                throw Error(statement.Location, $"section {SectionName(placed)} grows beyond {MaxSectionSize / (1 << 20)} MiB");
        }
        return (text, data);
    }

    private int SizeOf(Statement statement, Section current, int counter, ref Section section)
    {
        switch (statement.Operation)
        {
            case null:
            case ".equ":
                return 0;
            case ".text":
            case ".data":
                ExpectOperands(statement, 0, statement.Operation);
                section = statement.Operation == ".text" ? Section.Text : Section.Data;
                return 0;
            case ".byte":
                return ExpectSomeOperands(statement, ".byte value, ...") * 1;
            case ".word":
                return ExpectSomeOperands(statement, ".word value, ...") * 4;
            case ".quad":
                return ExpectSomeOperands(statement, ".quad value, ...") * 8;
            case ".ascii":
            case ".asciz":
            {
                ExpectSomeOperands(statement, $"{statement.Operation} \"text\", ...");
                int terminator = statement.Operation == ".asciz" ? 1 : 0;
                return statement.Operands.Sum(operand => StringOperand(statement, operand).Length + terminator);
            }
            case ".zero":
            {
                ExpectOperands(statement, 1, ".zero count");
                ulong count = ConstantOperand(statement, statement.Operands[0]);
                if (count > MaxSectionSize)
                    throw Error(statement.Location, $".zero {(long)count} is out of range (0..{MaxSectionSize})");
                return (int)count;
            }
            case ".align":
            {
                ExpectOperands(statement, 1, ".align bytes");
                ulong alignment = ConstantOperand(statement, statement.Operands[0]);
                if (alignment is 0 or > MaxAlignment || !ulong.IsPow2(alignment))
                    throw Error(statement.Location, $".align {(long)alignment} is not a power of two from 1 to {MaxAlignment}");
                return (int)((alignment - (ulong)counter % alignment) % alignment);
            }
            default:
                if (statement.Operation.StartsWith('.'))
                    throw Error(statement.Location, $"unknown directive '{statement.Operation}'");
                int instructions = InstructionCount(statement); // first, so an unknown mnemonic is named as such
                if (current != Section.Text)
                    throw Error(statement.Location, $"instruction '{statement.Operation}' outside .text");
                return instructions * InstructionSet.InstructionSize;
        }
    }

    private AssembledProgram Emit(int textSize, int dataSize)
    {
        var text = new byte[textSize];
        var data = new byte[dataSize];
        for (int i = 0; i < _statements.Count; i++)
        {
            var statement = _statements[i];
            var placement = _placements[i];
            var output = placement.Section == Section.Text ? text : data;
            var destination = output.AsSpan((int)(placement.Address - BaseOf(placement.Section)), placement.Size);
            EmitStatement(statement, placement.Address, destination);
        }
        _symbols.EvaluateAllConstants();

        if (_symbols.LabelAddress("_start") is not { } start)
            throw ProgramError("missing label '_start' (the entry point)");
        if (start.Section != Section.Text)
            throw ProgramError("label '_start' must be in .text");

        var bytes = new byte[text.Length + data.Length];
        text.CopyTo(bytes, 0);
        data.CopyTo(bytes, text.Length);
        return new AssembledProgram(_name, text, data, start.Address, Hash256.Compute(bytes));
    }

    private void EmitStatement(Statement statement, ulong address, Span<byte> destination)
    {
        switch (statement.Operation)
        {
            case null or ".equ" or ".text" or ".data" or ".zero" or ".align":
                return; // nothing to write: padding is already zero
            case ".byte":
                EmitValues(statement, destination, 1, value => value <= byte.MaxValue || (long)value is >= sbyte.MinValue and < 0, "a byte");
                return;
            case ".word":
                EmitValues(statement, destination, 4, value => value <= uint.MaxValue || (long)value is >= int.MinValue and < 0, "32 bits");
                return;
            case ".quad":
                EmitValues(statement, destination, 8, _ => true, "64 bits");
                return;
            case ".ascii":
            case ".asciz":
            {
                int offset = 0;
                foreach (var operand in statement.Operands)
                {
                    byte[] bytes = StringOperand(statement, operand);
                    bytes.CopyTo(destination[offset..]);
                    offset += bytes.Length + (statement.Operation == ".asciz" ? 1 : 0);
                }
                return;
            }
            default:
                EmitInstruction(statement, address, destination);
                return;
        }
    }

    private void EmitValues(Statement statement, Span<byte> destination, int width, Func<ulong, bool> fits, string what)
    {
        for (int i = 0; i < statement.Operands.Count; i++)
        {
            ulong value = ValueOperand(statement, statement.Operands[i]);
            if (!fits(value))
                throw Error(statement.Location, $"value {FormatValue(value)} does not fit in {what}");
            var slot = destination.Slice(i * width, width);
            switch (width)
            {
                case 1: slot[0] = (byte)value; break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)value); break;
                default: BinaryPrimitives.WriteUInt64LittleEndian(slot, value); break;
            }
        }
    }

    private static ulong BaseOf(Section section) => section == Section.Text ? AssembledProgram.CodeBase : AssembledProgram.DataBase;

    private static string SectionName(Section section) => section == Section.Text ? ".text" : ".data";

    private static string FormatValue(ulong value) => (long)value < 0 ? ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"0x{value:x}";

    private void ExpectOperands(Statement statement, int count, string syntax)
    {
        if (statement.Operands.Count != count)
            throw Error(statement.Location, $"'{statement.Operation}' takes {count} operand{(count == 1 ? "" : "s")}, got {statement.Operands.Count} (syntax: {syntax})");
    }

    private int ExpectSomeOperands(Statement statement, string syntax)
    {
        if (statement.Operands.Count == 0)
            throw Error(statement.Location, $"'{statement.Operation}' needs at least one operand (syntax: {syntax})");
        return statement.Operands.Count;
    }

    private byte[] StringOperand(Statement statement, Operand operand) =>
        operand.Tokens is [{ Kind: TokenKind.String, Bytes: { } bytes }]
            ? bytes
            : throw Error(statement.Location, $"'{statement.Operation}' expects a string literal, got '{operand.Text}'");

    private Expression ParseExpression(Statement statement, Operand operand) =>
        ExpressionParser.Parse(operand.Tokens, reason => Error(statement.Location, $"bad operand '{operand.Text}': {reason}"));

    private ulong ValueOperand(Statement statement, Operand operand) =>
        _symbols.Evaluate(ParseExpression(statement, operand), statement.Location, out _);

    private ulong ConstantOperand(Statement statement, Operand operand)
    {
        ulong value = _symbols.Evaluate(ParseExpression(statement, operand), statement.Location, out bool usesLabel);
        if (usesLabel)
            throw Error(statement.Location, $"'{statement.Operation}' needs a constant, but '{operand.Text}' uses a label");
        return value;
    }
}
