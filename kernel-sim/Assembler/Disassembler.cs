using System.Buffers.Binary;
using System.Globalization;
using KernelSim.Machine;

namespace KernelSim.Assembler;

/// <summary>
/// Turns instructions back into assembler text, for fault reports and debugging. The text
/// assembles to the same bytes at the same address: branch targets are written as absolute
/// addresses, and an encoding the CPU would refuse is written as a <c>.quad</c>.
/// </summary>
public static class Disassembler
{
    /// <summary>One instruction (the first 8 bytes of <paramref name="instruction"/>) located at <paramref name="address"/>.</summary>
    public static string Disassemble(ReadOnlySpan<byte> instruction, ulong address)
    {
        if (instruction.Length < InstructionSet.InstructionSize)
            throw new ArgumentException($"an instruction is {InstructionSet.InstructionSize} bytes, got {instruction.Length}", nameof(instruction));
        byte op = instruction[InstructionSet.OpcodeOffset];
        byte rd = instruction[InstructionSet.RdOffset], rs = instruction[InstructionSet.RsOffset], rt = instruction[InstructionSet.RtOffset];
        int imm = BinaryPrimitives.ReadInt32LittleEndian(instruction[InstructionSet.ImmOffset..]);
        if (!InstructionSet.IsDefined(op) || !FieldsValid((Opcode)op, rd, rs, rt, imm))
            return $".quad 0x{BinaryPrimitives.ReadUInt64LittleEndian(instruction):x16}";

        var opcode = (Opcode)op;
        string m = InstructionSet.MnemonicOf(opcode);
        return InstructionSet.FormOf(opcode) switch
        {
            OperandForm.None => m,
            OperandForm.RdRsRt => $"{m} {Reg(rd)}, {Reg(rs)}, {Reg(rt)}",
            OperandForm.RdRsImm => $"{m} {Reg(rd)}, {Reg(rs)}, {Number(imm)}",
            OperandForm.RdRs => $"{m} {Reg(rd)}, {Reg(rs)}",
            OperandForm.RdImm => $"{m} {Reg(rd)}, {Number(imm)}",
            OperandForm.Rd => $"{m} {Reg(rd)}",
            OperandForm.Rs => $"{m} {Reg(rs)}",
            OperandForm.RsRt => $"{m} {Reg(rs)}, {Reg(rt)}",
            OperandForm.RsImm => $"{m} {Reg(rs)}, {Number(imm)}",
            OperandForm.Branch => $"{m} 0x{address + (ulong)(long)imm:x}",
            OperandForm.Memory => $"{m} {Reg(rd)}, [{Reg(rs)}{Displacement(imm)}]",
            OperandForm.TlsMemory => $"{m} {Reg(rd)}, [tls{Displacement(imm)}]",
            OperandForm.CompareExchange => $"{m} {Reg(rd)}, {Reg(rt)}, [{Reg(rs)}{Displacement(imm)}]",
            _ => throw new InvalidOperationException($"operand form of {opcode} has no syntax"),
        };
    }

    private static bool FieldsValid(Opcode opcode, byte rd, byte rs, byte rt, int imm)
    {
        var (usesRd, usesRs, usesRt, usesImm) = InstructionSet.FieldsOf(InstructionSet.FormOf(opcode));
        return Valid(usesRd, rd) && Valid(usesRs, rs) && Valid(usesRt, rt) && (usesImm || imm == 0);

        static bool Valid(bool used, byte field) => used ? field <= InstructionSet.StackPointer : field == 0;
    }

    private static string Reg(byte field) => field == InstructionSet.StackPointer ? "sp" : "r" + field.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Displacement(int value) => value switch
    {
        0 => "",
        > 0 => "+" + Number(value),
        _ => Number(value),
    };
}
