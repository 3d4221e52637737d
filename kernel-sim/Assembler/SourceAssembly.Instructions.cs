using System.Buffers.Binary;
using KernelSim.Machine;

namespace KernelSim.Assembler;

// Instructions: the pseudo-instructions li/la/mov, the operand syntax of each form, and encoding.
internal sealed partial class SourceAssembly
{
    private static readonly string[] s_pseudoInstructions = ["li", "la", "mov"];

    private int InstructionCount(Statement statement)
    {
        string mnemonic = statement.Operation!;
        if (mnemonic is "li" or "la" or "mov")
        {
            ExpectOperands(statement, 2, $"{mnemonic} rd, {(mnemonic == "mov" ? "rs|value" : "value")}");
            var source = statement.Operands[1];
            if (mnemonic == "mov" && IsRegister(source))
                return 1;
            ulong value = _symbols.Evaluate(ParseExpression(statement, source), statement.Location, out bool usesLabel);
            // Addresses of labels always fit one instruction (both sections lie below 2^31); only
            // constants decide the length here, so pass 2 cannot disagree with this layout.
            return usesLabel || FitsInt32(value) ? 1 : 2;
        }
        if (!InstructionSet.ByMnemonic.ContainsKey(mnemonic))
            throw Error(statement.Location, $"unknown mnemonic '{statement.Operation}'");
        return 1;
    }

    private void EmitInstruction(Statement statement, ulong address, Span<byte> destination)
    {
        string mnemonic = statement.Operation!;
        var operands = statement.Operands;
        if (s_pseudoInstructions.Contains(mnemonic))
        {
            byte rd = RegisterOperand(statement, 0);
            if (mnemonic == "mov" && IsRegister(operands[1]))
            {
                Encode(destination, Opcode.Addi, rd, RegisterOperand(statement, 1), 0, 0);
                return;
            }
            ulong value = ValueOperand(statement, operands[1]);
            if (destination.Length == InstructionSet.InstructionSize)
            {
                if (!FitsInt32(value))
                    throw Error(statement.Location, $"address {FormatValue(value)} does not fit in one instruction (signed 32 bits)");
                Encode(destination, Opcode.Ldi, rd, 0, 0, (int)value);
            }
            else
            {
                Encode(destination, Opcode.Ldi, rd, 0, 0, (int)(uint)value);
                Encode(destination[InstructionSet.InstructionSize..], Opcode.Ldhi, rd, 0, 0, (int)(uint)(value >> 32));
            }
            return;
        }

        var opcodes = InstructionSet.ByMnemonic[mnemonic];
        var form = InstructionSet.FormOf(opcodes[0]);
        switch (form)
        {
            case OperandForm.None:
                ExpectOperands(statement, 0, mnemonic);
                Encode(destination, opcodes[0], 0, 0, 0, 0);
                break;
            case OperandForm.RdRsRt:
                ExpectOperands(statement, 3, $"{mnemonic} rd, rs, rt|imm");
                if (IsRegister(operands[2]))
                    Encode(destination, opcodes[0], RegisterOperand(statement, 0), RegisterOperand(statement, 1), RegisterOperand(statement, 2), 0);
                else
                    EmitImmediateAlu(statement, ImmediateCounterpart(opcodes[0]), destination);
                break;
            case OperandForm.RdRsImm:
                ExpectOperands(statement, 3, $"{mnemonic} rd, rs, imm");
                EmitImmediateAlu(statement, opcodes[0], destination);
                break;
            case OperandForm.RdRs:
                ExpectOperands(statement, 2, $"{mnemonic} rd, rs");
                Encode(destination, opcodes[0], RegisterOperand(statement, 0), RegisterOperand(statement, 1), 0, 0);
                break;
            case OperandForm.RdImm:
                ExpectOperands(statement, 2, $"{mnemonic} rd, imm");
                Encode(destination, opcodes[0], RegisterOperand(statement, 0), 0, 0, ImmediateOperand(statement, 1));
                break;
            case OperandForm.Rd:
                ExpectOperands(statement, 1, $"{mnemonic} rd");
                Encode(destination, opcodes[0], RegisterOperand(statement, 0), 0, 0, 0);
                break;
            case OperandForm.Rs:
                ExpectOperands(statement, 1, $"{mnemonic} rs");
                Encode(destination, opcodes[0], 0, RegisterOperand(statement, 0), 0, 0);
                break;
            case OperandForm.RsRt:
                ExpectOperands(statement, 2, $"{mnemonic} rs, rt|imm");
                if (IsRegister(operands[1]))
                    Encode(destination, opcodes[0], 0, RegisterOperand(statement, 0), RegisterOperand(statement, 1), 0);
                else
                    Encode(destination, Opcode.Cmpi, 0, RegisterOperand(statement, 0), 0, ImmediateOperand(statement, 1));
                break;
            case OperandForm.RsImm:
                ExpectOperands(statement, 2, $"{mnemonic} rs, imm");
                Encode(destination, opcodes[0], 0, RegisterOperand(statement, 0), 0, ImmediateOperand(statement, 1));
                break;
            case OperandForm.Branch:
                ExpectOperands(statement, 1, $"{mnemonic} label");
                if (IsRegister(operands[0]) && opcodes[0] is Opcode.Jmp or Opcode.Call)
                {
                    // jmp rs / call rs: the register forms are spelled like the direct ones.
                    Encode(destination, opcodes[0] == Opcode.Jmp ? Opcode.Jr : Opcode.Callr, 0, RegisterOperand(statement, 0), 0, 0);
                    break;
                }
                ulong target = ValueOperand(statement, operands[0]);
                ulong offset = target - address;
                if (!FitsInt32(offset))
                    throw Error(statement.Location, $"branch target {FormatValue(target)} is too far from 0x{address:x}");
                Encode(destination, opcodes[0], 0, 0, 0, (int)offset);
                break;
            case OperandForm.Memory:
            case OperandForm.TlsMemory:
            {
                ExpectOperands(statement, 2, $"{mnemonic} r, [base+offset]");
                byte rd = RegisterOperand(statement, 0);
                var (baseRegister, displacement) = MemoryOperand(statement, operands[1]);
                if (baseRegister is { } register)
                {
                    Encode(destination, opcodes.First(o => InstructionSet.FormOf(o) == OperandForm.Memory), rd, register, 0, displacement);
                }
                else
                {
                    var tls = opcodes.Where(o => InstructionSet.FormOf(o) == OperandForm.TlsMemory).ToArray();
                    if (tls.Length == 0)
                        throw Error(statement.Location, $"'{mnemonic}' cannot address [tls+...]: only ldq and stq can");
                    Encode(destination, tls[0], rd, 0, 0, displacement);
                }
                break;
            }
            case OperandForm.CompareExchange:
            {
                ExpectOperands(statement, 3, $"{mnemonic} rd, rt, [base+offset]");
                var (baseRegister, displacement) = MemoryOperand(statement, operands[2]);
                if (baseRegister is not { } register)
                    throw Error(statement.Location, $"'{mnemonic}' cannot address [tls+...]");
                Encode(destination, opcodes[0], RegisterOperand(statement, 0), register, RegisterOperand(statement, 1), displacement);
                break;
            }
            default:
                throw new InvalidOperationException($"operand form {form} has no syntax");
        }
    }

    private void EmitImmediateAlu(Statement statement, Opcode opcode, Span<byte> destination)
    {
        int immediate = ImmediateOperand(statement, 2);
        if (opcode is Opcode.Shli or Opcode.Shri or Opcode.Sari && immediate is < 0 or > 63)
            throw Error(statement.Location, $"shift amount {immediate} is out of range (0..63)");
        Encode(destination, opcode, RegisterOperand(statement, 0), RegisterOperand(statement, 1), 0, immediate);
    }

    private static Opcode ImmediateCounterpart(Opcode opcode) => opcode switch
    {
        Opcode.Add => Opcode.Addi,
        Opcode.Sub => Opcode.Subi,
        Opcode.Mul => Opcode.Muli,
        Opcode.Divu => Opcode.Divui,
        Opcode.Remu => Opcode.Remui,
        Opcode.And => Opcode.Andi,
        Opcode.Or => Opcode.Ori,
        Opcode.Xor => Opcode.Xori,
        Opcode.Shl => Opcode.Shli,
        Opcode.Shr => Opcode.Shri,
        Opcode.Sar => Opcode.Sari,
        _ => throw new ArgumentOutOfRangeException(nameof(opcode)),
    };

    private static bool IsRegister(Operand operand) =>
        operand.Tokens is [{ Kind: TokenKind.Identifier } token] && Registers.Parse(token.Text) is not null;

    private byte RegisterOperand(Statement statement, int index)
    {
        var operand = statement.Operands[index];
        if (operand.Tokens is [{ Kind: TokenKind.Identifier } token] && Registers.Parse(token.Text) is { } register)
            return register;
        throw Error(statement.Location, $"bad operand {index + 1} of '{statement.Operation}': expected a register (r0..r15, sp), got '{operand.Text}'");
    }

    private int ImmediateOperand(Statement statement, int index)
    {
        var operand = statement.Operands[index];
        if (operand.Tokens is [{ Kind: TokenKind.Identifier } token] && Registers.IsRegister(token.Text))
            throw Error(statement.Location, $"bad operand {index + 1} of '{statement.Operation}': expected a value, got register '{operand.Text}'");
        ulong value = ValueOperand(statement, operand);
        if (!FitsInt32(value))
            throw Error(statement.Location, $"immediate {FormatValue(value)} is out of range (signed 32 bits)");
        return (int)value;
    }

    // [rs], [rs+expr], [rs-expr], [tls+expr]: base is null for tls.
    private (byte? Base, int Displacement) MemoryOperand(Statement statement, Operand operand)
    {
        var tokens = operand.Tokens;
        if (tokens.Count < 3 || !tokens[0].Is('[') || !tokens[^1].Is(']') || tokens[1].Kind != TokenKind.Identifier)
            throw Error(statement.Location, $"bad memory operand '{operand.Text}' (expected [register+offset])");
        byte? baseRegister = Registers.Parse(tokens[1].Text);
        bool tls = tokens[1].Text.Equals(Registers.TlsBase, StringComparison.OrdinalIgnoreCase);
        if (baseRegister is null && !tls)
            throw Error(statement.Location, $"bad memory operand '{operand.Text}': '{tokens[1].Text}' is not a register");
        var offsetTokens = tokens.Skip(2).Take(tokens.Count - 3).ToArray();
        if (offsetTokens.Length == 0)
            return (baseRegister, 0);
        if (!offsetTokens[0].Is('+') && !offsetTokens[0].Is('-'))
            throw Error(statement.Location, $"bad memory operand '{operand.Text}': expected '+' or '-' after the base register");
        var offset = ExpressionParser.Parse(offsetTokens, reason => Error(statement.Location, $"bad memory operand '{operand.Text}': {reason}"));
        ulong value = _symbols.Evaluate(offset, statement.Location, out _);
        if (!FitsInt32(value))
            throw Error(statement.Location, $"offset {FormatValue(value)} is out of range (signed 32 bits)");
        return (baseRegister, (int)value);
    }

    private static bool FitsInt32(ulong value) => (long)value is >= int.MinValue and <= int.MaxValue;

    private static void Encode(Span<byte> destination, Opcode opcode, byte rd, byte rs, byte rt, int immediate)
    {
        destination[InstructionSet.OpcodeOffset] = (byte)opcode;
        destination[InstructionSet.RdOffset] = rd;
        destination[InstructionSet.RsOffset] = rs;
        destination[InstructionSet.RtOffset] = rt;
        BinaryPrimitives.WriteInt32LittleEndian(destination[InstructionSet.ImmOffset..], immediate);
    }
}
