using KernelSim.Machine;
using static KernelSim.Tests.Machine.Encode;

namespace KernelSim.Tests.Machine;

public sealed class InterpreterArithmeticTests
{
    [Theory]
    [InlineData(Opcode.Add, 5UL, 7UL, 12UL)]
    [InlineData(Opcode.Add, ulong.MaxValue, 2UL, 1UL)]
    [InlineData(Opcode.Sub, 5UL, 7UL, 0xFFFF_FFFF_FFFF_FFFEUL)]
    [InlineData(Opcode.Mul, 0x1_0000_0001UL, 0x1_0000_0001UL, 0x2_0000_0001UL)]
    [InlineData(Opcode.Mul, ulong.MaxValue, ulong.MaxValue, 1UL)]
    [InlineData(Opcode.Divu, 100UL, 7UL, 14UL)]
    [InlineData(Opcode.Divu, ulong.MaxValue, 2UL, 0x7FFF_FFFF_FFFF_FFFFUL)]
    [InlineData(Opcode.Remu, 100UL, 7UL, 2UL)]
    [InlineData(Opcode.Remu, ulong.MaxValue, 10UL, 5UL)]
    [InlineData(Opcode.And, 0b1100UL, 0b1010UL, 0b1000UL)]
    [InlineData(Opcode.Or, 0b1100UL, 0b1010UL, 0b1110UL)]
    [InlineData(Opcode.Xor, 0b1100UL, 0b1010UL, 0b0110UL)]
    [InlineData(Opcode.Shl, 1UL, 63UL, 0x8000_0000_0000_0000UL)]
    [InlineData(Opcode.Shl, 1UL, 65UL, 2UL)]
    [InlineData(Opcode.Shr, 0x8000_0000_0000_0000UL, 63UL, 1UL)]
    [InlineData(Opcode.Shr, 0x8000_0000_0000_0000UL, 64UL, 0x8000_0000_0000_0000UL)]
    [InlineData(Opcode.Sar, 0x8000_0000_0000_0000UL, 63UL, ulong.MaxValue)]
    [InlineData(Opcode.Sar, 0x4000_0000_0000_0000UL, 62UL, 1UL)]
    public void Register_forms_compute_in_64_bits(Opcode opcode, ulong a, ulong b, ulong expected)
    {
        var cpu = new Cpu(Instruction(opcode, rd: 3, rs: 1, rt: 2));
        cpu.R[1] = a;
        cpu.R[2] = b;
        cpu.Run(1);
        Assert.Equal(expected, cpu.R[3]);
        Assert.Equal(a, cpu.R[1]);
        Assert.Equal(Cpu.Code + 8, cpu.Registers.Pc);
    }

    [Theory]
    [InlineData(Opcode.Addi, 10UL, -1, 9UL)]
    [InlineData(Opcode.Subi, 10UL, -1, 11UL)]
    [InlineData(Opcode.Muli, 3UL, -2, 0xFFFF_FFFF_FFFF_FFFAUL)]
    [InlineData(Opcode.Divui, 100UL, 7, 14UL)]
    [InlineData(Opcode.Divui, 100UL, -1, 0UL)] // -1 sign-extends to 2^64-1
    [InlineData(Opcode.Remui, 100UL, 7, 2UL)]
    [InlineData(Opcode.Andi, 0x1234_5678_9ABC_DEF0UL, -4096, 0x1234_5678_9ABC_D000UL)]
    [InlineData(Opcode.Ori, 0x1_0000_0000UL, 1, 0x1_0000_0001UL)]
    [InlineData(Opcode.Xori, 0UL, -1, ulong.MaxValue)]
    [InlineData(Opcode.Shli, 3UL, 4, 48UL)]
    [InlineData(Opcode.Shri, ulong.MaxValue, 60, 15UL)]
    [InlineData(Opcode.Sari, 0xF000_0000_0000_0000UL, 60, ulong.MaxValue)]
    [InlineData(Opcode.Shli, 1UL, 64, 1UL)]
    public void Immediate_forms_sign_extend_the_immediate(Opcode opcode, ulong a, int imm, ulong expected)
    {
        var cpu = new Cpu(Instruction(opcode, rd: 4, rs: 5, imm: imm));
        cpu.R[5] = a;
        cpu.Run(1);
        Assert.Equal(expected, cpu.R[4]);
    }

    [Fact]
    public void Not_and_neg()
    {
        var cpu = new Cpu(Instruction(Opcode.Not, rd: 1, rs: 2), Instruction(Opcode.Neg, rd: 3, rs: 2));
        cpu.R[2] = 5;
        cpu.Run(2);
        Assert.Equal(~5UL, cpu.R[1]);
        Assert.Equal(unchecked(0UL - 5), cpu.R[3]);
    }

    [Theory]
    [InlineData(0, 0UL)]
    [InlineData(-1, ulong.MaxValue)]
    [InlineData(int.MaxValue, 0x7FFF_FFFFUL)]
    [InlineData(int.MinValue, 0xFFFF_FFFF_8000_0000UL)]
    public void Ldi_sign_extends(int imm, ulong expected)
    {
        var cpu = new Cpu(Instruction(Opcode.Ldi, rd: 7, imm: imm));
        cpu.R[7] = 0xDEAD;
        cpu.Run(1);
        Assert.Equal(expected, cpu.R[7]);
    }

    [Fact]
    public void Ldhi_replaces_the_upper_half_only()
    {
        var cpu = new Cpu(Instruction(Opcode.Ldi, rd: 1, imm: -2), Instruction(Opcode.Ldhi, rd: 1, imm: 0x1234_5678));
        cpu.Run(2);
        Assert.Equal(0x1234_5678_FFFF_FFFEUL, cpu.R[1]);
    }

    [Fact]
    public void Sp_is_register_16()
    {
        var cpu = new Cpu(Instruction(Opcode.Subi, rd: Sp, rs: Sp, imm: 32), Instruction(Opcode.Addi, rd: 2, rs: Sp, imm: 0));
        cpu.Run(2);
        Assert.Equal(Cpu.StackTop - 32, cpu.Registers.Sp);
        Assert.Equal(Cpu.StackTop - 32, cpu.R[2]);
    }

    [Theory]
    [InlineData(Opcode.Divu)]
    [InlineData(Opcode.Remu)]
    public void Division_by_a_zero_register_faults_without_changing_anything(Opcode opcode)
    {
        var cpu = new Cpu(Instruction(opcode, rd: 1, rs: 2, rt: 3));
        cpu.R[1] = 11;
        cpu.R[2] = 100;
        Assert.Equal(StepResult.Fault, cpu.Step());
        Assert.Equal($"division by zero at 0x{Cpu.Code:x}", cpu.Fault);
        Assert.Equal(11UL, cpu.R[1]);
        Assert.Equal(Cpu.Code, cpu.Registers.Pc);
    }

    [Theory]
    [InlineData(Opcode.Divui)]
    [InlineData(Opcode.Remui)]
    public void Division_by_a_zero_immediate_faults(Opcode opcode)
    {
        var cpu = new Cpu(Instruction(opcode, rd: 1, rs: 2));
        Assert.Equal(StepResult.Fault, cpu.Step());
        Assert.Equal($"division by zero at 0x{Cpu.Code:x}", cpu.Fault);
    }

    [Fact]
    public void Arithmetic_leaves_the_flags_alone()
    {
        var cpu = new Cpu(Instruction(Opcode.Sub, rd: 1, rs: 2, rt: 2));
        cpu.Registers.Flags = (ulong)CpuFlags.Below;
        cpu.Run(1);
        Assert.Equal((ulong)CpuFlags.Below, cpu.Registers.Flags);
    }
}
