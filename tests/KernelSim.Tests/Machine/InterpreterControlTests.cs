using KernelSim.Machine;
using static KernelSim.Tests.Machine.Encode;

namespace KernelSim.Tests.Machine;

public sealed class InterpreterControlTests
{
    [Theory]
    [InlineData(5UL, 5UL, CpuFlags.Zero)]
    [InlineData(4UL, 5UL, CpuFlags.Less | CpuFlags.Below)]
    [InlineData(6UL, 5UL, CpuFlags.None)]
    [InlineData(ulong.MaxValue, 0UL, CpuFlags.Less)] // -1 < 0 signed, but not below unsigned
    [InlineData(0UL, ulong.MaxValue, CpuFlags.Below)]
    [InlineData(0x8000_0000_0000_0000UL, 0x7FFF_FFFF_FFFF_FFFFUL, CpuFlags.Less)]
    public void Cmp_sets_all_three_flags(ulong a, ulong b, CpuFlags expected)
    {
        var cpu = new Cpu(Instruction(Opcode.Cmp, rs: 1, rt: 2));
        cpu.R[1] = a;
        cpu.R[2] = b;
        cpu.Registers.Flags = ulong.MaxValue; // every other bit is cleared too
        cpu.Run(1);
        Assert.Equal((ulong)expected, cpu.Registers.Flags);
    }

    [Theory]
    [InlineData(0UL, 1, CpuFlags.Less | CpuFlags.Below)]
    [InlineData(ulong.MaxValue, -1, CpuFlags.Zero)]
    [InlineData(5UL, -1, CpuFlags.Below)]
    public void Cmpi_compares_with_the_sign_extended_immediate(ulong a, int imm, CpuFlags expected)
    {
        var cpu = new Cpu(Instruction(Opcode.Cmpi, rs: 1, imm: imm));
        cpu.R[1] = a;
        cpu.Run(1);
        Assert.Equal((ulong)expected, cpu.Registers.Flags);
    }

    public static TheoryData<Opcode, long, long> BranchCases()
    {
        var data = new TheoryData<Opcode, long, long>();
        long[] values = [-2, -1, 0, 1, 2];
        Opcode[] branches = [Opcode.Beq, Opcode.Bne, Opcode.Blt, Opcode.Bge, Opcode.Bltu, Opcode.Bgeu, Opcode.Bgt, Opcode.Ble, Opcode.Bgtu, Opcode.Bleu];
        foreach (var branch in branches)
            foreach (long a in values)
                foreach (long b in new long[] { -1, 0, 1 })
                    data.Add(branch, a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(BranchCases))]
    public void Conditional_branches_follow_the_last_compare(Opcode branch, long a, long b)
    {
        bool expected = branch switch
        {
            Opcode.Beq => a == b,
            Opcode.Bne => a != b,
            Opcode.Blt => a < b,
            Opcode.Bge => a >= b,
            Opcode.Bltu => (ulong)a < (ulong)b,
            Opcode.Bgeu => (ulong)a >= (ulong)b,
            Opcode.Bgt => a > b,
            Opcode.Ble => a <= b,
            Opcode.Bgtu => (ulong)a > (ulong)b,
            _ => (ulong)a <= (ulong)b,
        };
        var cpu = new Cpu(Instruction(Opcode.Cmp, rs: 1, rt: 2), Instruction(branch, imm: 40));
        cpu.R[1] = (ulong)a;
        cpu.R[2] = (ulong)b;
        cpu.Run(2);
        Assert.Equal(expected ? Cpu.Code + 8 + 40 : Cpu.Code + 16, cpu.Registers.Pc);
    }

    [Fact]
    public void Jmp_is_relative_to_the_jump_itself()
    {
        var cpu = new Cpu(Instruction(Opcode.Nop), Instruction(Opcode.Jmp, imm: -8));
        cpu.Run(2);
        Assert.Equal(Cpu.Code, cpu.Registers.Pc);
    }

    [Fact]
    public void Jr_jumps_to_a_register()
    {
        var cpu = new Cpu(Instruction(Opcode.Jr, rs: 9));
        cpu.R[9] = Cpu.Code + 0x100;
        cpu.Run(1);
        Assert.Equal(Cpu.Code + 0x100, cpu.Registers.Pc);
    }

    [Fact]
    public void Call_pushes_the_return_address_and_ret_pops_it()
    {
        var cpu = new Cpu(
            Instruction(Opcode.Call, imm: 16),   // 0: call 16
            Instruction(Opcode.Nop),             // 8: returns here
            Instruction(Opcode.Ret));            // 16
        cpu.Run(1);
        Assert.Equal(Cpu.Code + 16, cpu.Registers.Pc);
        Assert.Equal(Cpu.StackTop - 8, cpu.Registers.Sp);
        Assert.Equal(Cpu.Code + 8, cpu.Memory.PeekQuad(Cpu.StackTop - 8));
        cpu.Run(1);
        Assert.Equal(Cpu.Code + 8, cpu.Registers.Pc);
        Assert.Equal(Cpu.StackTop, cpu.Registers.Sp);
    }

    [Fact]
    public void Callr_calls_through_a_register()
    {
        var cpu = new Cpu(Instruction(Opcode.Callr, rs: 3));
        cpu.R[3] = Cpu.Code + 0x40;
        cpu.Run(1);
        Assert.Equal(Cpu.Code + 0x40, cpu.Registers.Pc);
        Assert.Equal(Cpu.Code + 8, cpu.Memory.PeekQuad(cpu.Registers.Sp));
    }

    [Fact]
    public void Push_and_pop_move_sp_by_eight()
    {
        var cpu = new Cpu(Instruction(Opcode.Push, rs: 1), Instruction(Opcode.Push, rs: 2), Instruction(Opcode.Pop, rd: 3), Instruction(Opcode.Pop, rd: 4));
        cpu.R[1] = 111;
        cpu.R[2] = 222;
        cpu.Run(2);
        Assert.Equal(Cpu.StackTop - 16, cpu.Registers.Sp);
        cpu.Run(2);
        Assert.Equal((222UL, 111UL), (cpu.R[3], cpu.R[4]));
        Assert.Equal(Cpu.StackTop, cpu.Registers.Sp);
    }

    [Fact]
    public void Push_sp_stores_the_old_value_and_pop_sp_loads_it()
    {
        var cpu = new Cpu(Instruction(Opcode.Push, rs: Sp), Instruction(Opcode.Pop, rd: Sp));
        cpu.Run(1);
        Assert.Equal(Cpu.StackTop, cpu.Memory.PeekQuad(Cpu.StackTop - 8));
        cpu.Memory.Poke(Cpu.StackTop - 8, BitConverter.GetBytes(0x1234UL));
        cpu.Run(1);
        Assert.Equal(0x1234UL, cpu.Registers.Sp);
    }

    [Fact]
    public void Syscall_advances_pc_and_reports_the_trap()
    {
        var cpu = new Cpu(Instruction(Opcode.Syscall));
        Assert.Equal(StepResult.Syscall, cpu.Step());
        Assert.Null(cpu.Fault);
        Assert.Equal(Cpu.Code + 8, cpu.Registers.Pc);
    }

    [Fact]
    public void Nop_only_advances_pc()
    {
        var cpu = new Cpu(Instruction(Opcode.Nop));
        var before = cpu.Registers.Clone();
        cpu.Run(1);
        Assert.Equal(before.Pc + 8, cpu.Registers.Pc);
        Assert.Equal(before.R, cpu.R);
        Assert.Equal((before.Sp, before.Flags, before.Tls), (cpu.Registers.Sp, cpu.Registers.Flags, cpu.Registers.Tls));
    }
}
