using KernelSim.Machine;
using static KernelSim.Tests.Machine.Encode;

namespace KernelSim.Tests.Machine;

public sealed class InterpreterMemoryTests
{
    private static readonly byte[] s_pattern = [0x81, 0x92, 0xA3, 0xB4, 0xC5, 0xD6, 0xE7, 0xF8];

    [Theory]
    [InlineData(Opcode.Ldb, 0x81UL)]
    [InlineData(Opcode.Ldsb, 0xFFFF_FFFF_FFFF_FF81UL)]
    [InlineData(Opcode.Ldw, 0xB4A3_9281UL)]
    [InlineData(Opcode.Ldsw, 0xFFFF_FFFF_B4A3_9281UL)]
    [InlineData(Opcode.Ldq, 0xF8E7_D6C5_B4A3_9281UL)]
    public void Loads_are_little_endian_and_extend_as_named(Opcode opcode, ulong expected)
    {
        var cpu = new Cpu(Instruction(opcode, rd: 2, rs: 1, imm: 16));
        cpu.Memory.Poke(Cpu.Data + 16, s_pattern);
        cpu.R[1] = Cpu.Data;
        cpu.R[2] = 0xDEAD_BEEF_DEAD_BEEF;
        cpu.Run(1);
        Assert.Equal(expected, cpu.R[2]);
    }

    [Theory]
    [InlineData(Opcode.Stb, 1)]
    [InlineData(Opcode.Stw, 4)]
    [InlineData(Opcode.Stq, 8)]
    public void Stores_write_only_their_width(Opcode opcode, int width)
    {
        var cpu = new Cpu(Instruction(opcode, rd: 2, rs: 1, imm: -8));
        cpu.Memory.Poke(Cpu.Data, Enumerable.Repeat((byte)0xEE, 16).ToArray());
        cpu.R[1] = Cpu.Data + 8;
        cpu.R[2] = 0xF8E7_D6C5_B4A3_9281;
        cpu.Run(1);
        byte[] expected = [.. s_pattern[..width], .. Enumerable.Repeat((byte)0xEE, 16 - width)];
        Assert.Equal(expected, cpu.Memory.Peek(Cpu.Data, 16));
    }

    [Fact]
    public void Tls_register_is_read_written_and_addresses_memory()
    {
        var cpu = new Cpu(
            Instruction(Opcode.Wrtls, rs: 1),
            Instruction(Opcode.StqTls, rd: 2, imm: 24),
            Instruction(Opcode.LdqTls, rd: 3, imm: 24),
            Instruction(Opcode.Rdtls, rd: 4));
        cpu.R[1] = Cpu.Data + 0x100;
        cpu.R[2] = 0x0123_4567_89AB_CDEF;
        cpu.Run(4);
        Assert.Equal(Cpu.Data + 0x100, cpu.Registers.Tls);
        Assert.Equal(0x0123_4567_89AB_CDEFUL, cpu.Memory.PeekQuad(Cpu.Data + 0x118));
        Assert.Equal(0x0123_4567_89AB_CDEFUL, cpu.R[3]);
        Assert.Equal(Cpu.Data + 0x100, cpu.R[4]);
    }

    [Fact]
    public void Xchg_swaps_register_and_memory()
    {
        var cpu = new Cpu(Instruction(Opcode.Xchg, rd: 2, rs: 1, imm: 8));
        cpu.Memory.Poke(Cpu.Data + 8, BitConverter.GetBytes(7UL));
        cpu.R[1] = Cpu.Data;
        cpu.R[2] = 9;
        cpu.Run(1);
        Assert.Equal(7UL, cpu.R[2]);
        Assert.Equal(9UL, cpu.Memory.PeekQuad(Cpu.Data + 8));
    }

    [Theory]
    [InlineData(5UL, 5UL, 9UL, CpuFlags.Zero)]
    [InlineData(4UL, 5UL, 4UL, CpuFlags.Less | CpuFlags.Below)]
    [InlineData(6UL, 5UL, 6UL, CpuFlags.None)]
    public void Cas_swaps_only_when_memory_holds_the_expected_value(ulong memory, ulong expected, ulong after, CpuFlags flags)
    {
        var cpu = new Cpu(Instruction(Opcode.Cas, rd: 2, rs: 1, rt: 3));
        cpu.Memory.Poke(Cpu.Data, BitConverter.GetBytes(memory));
        cpu.R[1] = Cpu.Data;
        cpu.R[2] = expected;
        cpu.R[3] = 9;
        cpu.Run(1);
        Assert.Equal(after, cpu.Memory.PeekQuad(Cpu.Data));
        Assert.Equal(memory, cpu.R[2]);
        Assert.Equal((ulong)flags, cpu.Registers.Flags);
    }
}
