using System.Text;
using KernelSim.Assembler;
using KernelSim.Machine;
using KernelSim.Tests.Machine;
using static KernelSim.Assembler.Assembler;

namespace KernelSim.Tests.Assembler;

public sealed class DisassemblerTests
{
    [Theory]
    [InlineData("add r1, r2, r3", "add r1, r2, r3")]
    [InlineData("add r1, sp, -4", "addi r1, sp, -4")]
    [InlineData("mov r5, r6", "addi r5, r6, 0")]
    [InlineData("ldq r1, [r2-8]", "ldq r1, [r2-8]")]
    [InlineData("stb r1, [r2]", "stb r1, [r2]")]
    [InlineData("ldq r1, [tls+16]", "ldq r1, [tls+16]")]
    [InlineData("cas r1, r3, [r2+8]", "cas r1, r3, [r2+8]")]
    [InlineData("jmp _start", "jmp 0x400000")]
    [InlineData("cmp r1, 7", "cmpi r1, 7")]
    [InlineData("ret", "ret")]
    public void Writes_assembler_syntax(string source, string expected)
    {
        var program = Assemble("t", "_start: " + source);
        Assert.Equal(expected, Disassembler.Disassemble(program.Code, AssembledProgram.CodeBase));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, ".quad 0x0000000000000000")]
    [InlineData(new byte[] { 0x01, 1, 0, 0, 0, 0, 0, 0 }, ".quad 0x0000000000000101")]
    [InlineData(new byte[] { 0x10, 17, 0, 0, 0, 0, 0, 0 }, ".quad 0x0000000000001110")]
    public void Writes_undecodable_words_as_data(byte[] bytes, string expected)
    {
        Assert.Equal(expected, Disassembler.Disassemble(bytes, 0));
    }

    [Fact]
    public void Every_sample_round_trips_through_disassembly()
    {
        foreach (string name in ProgramLibrary.Names)
        {
            var program = ProgramLibrary.Load(name);
            var text = new StringBuilder();
            for (int offset = 0; offset < program.Code.Length; offset += InstructionSet.InstructionSize)
            {
                ulong address = AssembledProgram.CodeBase + (ulong)offset;
                text.Append(address == program.Entry ? "_start: " : "        ");
                text.AppendLine(Disassembler.Disassemble(program.Code.AsSpan(offset), address));
            }
            text.AppendLine(".data");
            foreach (byte b in program.Data)
                text.AppendLine($".byte {b}");

            var again = Assemble(name, text.ToString());
            Assert.Equal(program.Code, again.Code);
            Assert.Equal(program.Data, again.Data);
            Assert.Equal(program.Hash, again.Hash);
        }
    }

    [Fact]
    public void Random_valid_instructions_round_trip()
    {
        var random = new Random(42);
        foreach (var opcode in InstructionSet.Opcodes)
        {
            var (rd, rs, rt, imm) = InstructionSet.FieldsOf(InstructionSet.FormOf(opcode));
            for (int i = 0; i < 20; i++)
            {
                byte[] instruction = Encode.Instruction(opcode,
                    rd ? (byte)random.Next(17) : (byte)0,
                    rs ? (byte)random.Next(17) : (byte)0,
                    rt ? (byte)random.Next(17) : (byte)0,
                    imm ? RandomImmediate(random, opcode) : 0);
                string text = Disassembler.Disassemble(instruction, AssembledProgram.CodeBase);
                Assert.Equal(instruction, Assemble("t", "_start: " + text).Code);
            }
        }
    }

    // Shift immediates above 63 execute (masked) but the assembler refuses to write them.
    private static int RandomImmediate(Random random, Opcode opcode) =>
        opcode is Opcode.Shli or Opcode.Shri or Opcode.Sari ? random.Next(64) : random.Next(int.MinValue, int.MaxValue);

    [Fact]
    public void Garbage_words_round_trip_as_data_or_instructions()
    {
        var random = new Random(7);
        var bytes = new byte[8];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            if (i % 2 == 0)
                bytes[0] = (byte)InstructionSet.Opcodes[random.Next(InstructionSet.Opcodes.Count)];
            string text = Disassembler.Disassemble(bytes, AssembledProgram.CodeBase);
            if (!text.StartsWith("shli", StringComparison.Ordinal) && !text.StartsWith("shri", StringComparison.Ordinal) && !text.StartsWith("sari", StringComparison.Ordinal))
                Assert.Equal(bytes, Assemble("t", "_start: " + text).Code);
        }
    }
}
