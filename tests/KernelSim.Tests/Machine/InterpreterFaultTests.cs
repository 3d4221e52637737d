using KernelSim.Machine;
using static KernelSim.Tests.Machine.Encode;

namespace KernelSim.Tests.Machine;

public sealed class InterpreterFaultTests
{
    private static void AssertFaultChangesNothing(Cpu cpu, string expectedFault)
    {
        var before = cpu.Registers.Clone();
        byte[] data = cpu.Memory.Peek(Cpu.Data, 64);
        byte[] stack = cpu.Memory.Peek(Cpu.StackTop - 64, 64);
        Assert.Equal(StepResult.Fault, cpu.Step());
        Assert.Equal(expectedFault, cpu.Fault);
        Assert.Equal(before.R, cpu.R);
        Assert.Equal((before.Pc, before.Sp, before.Flags, before.Tls), (cpu.Registers.Pc, cpu.Registers.Sp, cpu.Registers.Flags, cpu.Registers.Tls));
        Assert.Equal(data, cpu.Memory.Peek(Cpu.Data, 64));
        Assert.Equal(stack, cpu.Memory.Peek(Cpu.StackTop - 64, 64));
    }

    [Fact]
    public void Fetching_from_unmapped_memory_faults()
    {
        var cpu = new Cpu();
        cpu.Registers.Pc = 0x1234;
        AssertFaultChangesNothing(cpu, "fetch fault at 0x1234");
    }

    [Fact]
    public void Fetching_from_data_faults_because_it_is_not_executable()
    {
        var cpu = new Cpu();
        cpu.Memory.Poke(Cpu.Data, Instruction(Opcode.Nop));
        cpu.Registers.Pc = Cpu.Data;
        AssertFaultChangesNothing(cpu, $"fetch fault at 0x{Cpu.Data:x}");
    }

    [Fact]
    public void An_instruction_straddling_the_end_of_code_faults()
    {
        var cpu = new Cpu();
        cpu.Registers.Pc = Cpu.Code + TestAddressSpace.PageSize - 4;
        AssertFaultChangesNothing(cpu, $"fetch fault at 0x{Cpu.Code + TestAddressSpace.PageSize - 4:x}");
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x03)]
    [InlineData(0x1D)]
    [InlineData(0x46)]
    [InlineData(0xFF)]
    public void Unknown_opcodes_fault(byte opcode)
    {
        var cpu = new Cpu(Raw(opcode));
        AssertFaultChangesNothing(cpu, $"bad opcode 0x{opcode:x2} at 0x{Cpu.Code:x}");
    }

    [Fact]
    public void Every_byte_is_either_an_instruction_or_a_bad_opcode()
    {
        for (int opcode = 0; opcode < 256; opcode++)
        {
            var cpu = new Cpu(Raw((byte)opcode));
            cpu.R[1] = Cpu.Data; // keep memory forms in bounds
            var result = cpu.Step();
            Assert.Equal(InstructionSet.IsDefined((byte)opcode), cpu.Fault is null || !cpu.Fault.StartsWith("bad opcode", StringComparison.Ordinal));
            if (!InstructionSet.IsDefined((byte)opcode))
                Assert.Equal(StepResult.Fault, result);
        }
    }

    public static TheoryData<Opcode, byte, byte, byte, int> UnusedFieldCases() => new()
    {
        { Opcode.Nop, 1, 0, 0, 0 },
        { Opcode.Syscall, 0, 0, 0, 1 },
        { Opcode.Add, 1, 2, 3, 4 },       // register form with an immediate
        { Opcode.Addi, 1, 2, 3, 4 },      // immediate form with rt
        { Opcode.Not, 1, 2, 3, 0 },
        { Opcode.Ldi, 1, 2, 0, 5 },
        { Opcode.Jmp, 1, 0, 0, 8 },
        { Opcode.Ret, 0, 1, 0, 0 },
        { Opcode.Push, 1, 2, 0, 0 },
        { Opcode.LdqTls, 1, 2, 0, 0 },
        { Opcode.Cmp, 1, 2, 3, 0 },
        { Opcode.Add, 17, 1, 2, 0 },      // register 17 does not exist
        { Opcode.Add, 1, 255, 2, 0 },
        { Opcode.Cas, 1, 2, 17, 0 },
    };

    [Theory]
    [MemberData(nameof(UnusedFieldCases))]
    public void Nonzero_unused_fields_and_bad_registers_fault(Opcode opcode, byte rd, byte rs, byte rt, int imm)
    {
        var cpu = new Cpu(Instruction(opcode, rd, rs, rt, imm));
        AssertFaultChangesNothing(cpu, $"bad operand fields in '{InstructionSet.MnemonicOf(opcode)}' at 0x{Cpu.Code:x}");
    }

    [Fact]
    public void Loading_from_unmapped_memory_faults()
    {
        var cpu = new Cpu(Instruction(Opcode.Ldq, rd: 2, rs: 1, imm: 8));
        cpu.R[1] = 0x5000_0000;
        AssertFaultChangesNothing(cpu, "read fault at 0x50000008");
    }

    [Fact]
    public void A_load_running_off_the_end_of_an_area_faults()
    {
        var cpu = new Cpu(Instruction(Opcode.Ldq, rd: 2, rs: 1));
        cpu.R[1] = Cpu.Data + TestAddressSpace.PageSize - 4;
        AssertFaultChangesNothing(cpu, $"read fault at 0x{Cpu.Data + TestAddressSpace.PageSize - 4:x}");
    }

    [Fact]
    public void Storing_into_code_faults()
    {
        var cpu = new Cpu(Instruction(Opcode.Stb, rd: 2, rs: 1));
        cpu.R[1] = Cpu.Code;
        AssertFaultChangesNothing(cpu, $"write fault at 0x{Cpu.Code:x}");
        Assert.Equal(Instruction(Opcode.Stb, rd: 2, rs: 1), cpu.Memory.Peek(Cpu.Code, 8));
    }

    [Fact]
    public void Address_arithmetic_wraps_and_faults_rather_than_throwing()
    {
        var cpu = new Cpu(Instruction(Opcode.Ldq, rd: 2, rs: 1, imm: 8));
        cpu.R[1] = ulong.MaxValue - 3;
        AssertFaultChangesNothing(cpu, "read fault at 0x4");
    }

    [Fact]
    public void Tls_access_through_a_null_base_faults()
    {
        var cpu = new Cpu(Instruction(Opcode.StqTls, rd: 1, imm: 16));
        AssertFaultChangesNothing(cpu, "write fault at 0x10");
    }

    [Fact]
    public void Push_with_a_bad_stack_faults_and_keeps_sp()
    {
        var cpu = new Cpu(Instruction(Opcode.Push, rs: 1));
        cpu.Registers.Sp = 0x8000;
        AssertFaultChangesNothing(cpu, "write fault at 0x7ff8");
    }

    [Fact]
    public void Call_with_a_bad_stack_faults_and_does_not_jump()
    {
        var cpu = new Cpu(Instruction(Opcode.Call, imm: 64));
        cpu.Registers.Sp = 0x8000;
        AssertFaultChangesNothing(cpu, "write fault at 0x7ff8");
    }

    [Fact]
    public void Ret_and_pop_with_a_bad_stack_fault()
    {
        var ret = new Cpu(Instruction(Opcode.Ret));
        ret.Registers.Sp = 0x8000;
        AssertFaultChangesNothing(ret, "read fault at 0x8000");
        var pop = new Cpu(Instruction(Opcode.Pop, rd: 3));
        AssertFaultChangesNothing(pop, $"read fault at 0x{Cpu.StackTop:x}");
    }

    [Fact]
    public void Xchg_and_cas_on_read_only_memory_fault_without_writing_the_register()
    {
        var xchg = new Cpu(Instruction(Opcode.Xchg, rd: 2, rs: 1));
        xchg.R[1] = Cpu.Code;
        xchg.R[2] = 5;
        AssertFaultChangesNothing(xchg, $"write fault at 0x{Cpu.Code:x}");

        var cas = new Cpu(Instruction(Opcode.Cas, rd: 2, rs: 1, rt: 3));
        cas.R[1] = Cpu.Code;
        cas.R[2] = BitConverter.ToUInt64(Instruction(Opcode.Cas, rd: 2, rs: 1, rt: 3)); // matches: cas tries to write
        AssertFaultChangesNothing(cas, $"write fault at 0x{Cpu.Code:x}");
    }
}
