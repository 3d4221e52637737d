using System.Buffers.Binary;
using KernelSim.Machine;

namespace KernelSim.Tests.Machine;

/// <summary>Builds raw instructions, so CPU tests do not depend on the assembler.</summary>
internal static class Encode
{
    public const byte Sp = InstructionSet.StackPointer;

    public static byte[] Instruction(Opcode opcode, byte rd = 0, byte rs = 0, byte rt = 0, int imm = 0) =>
        Raw((byte)opcode, rd, rs, rt, imm);

    public static byte[] Raw(byte opcode, byte rd = 0, byte rs = 0, byte rt = 0, int imm = 0)
    {
        var bytes = new byte[InstructionSet.InstructionSize];
        bytes[0] = opcode;
        bytes[1] = rd;
        bytes[2] = rs;
        bytes[3] = rt;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), imm);
        return bytes;
    }
}
