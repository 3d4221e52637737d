using KernelSim.Assembler;
using KernelSim.Machine;

namespace KernelSim.Tests.Machine;

/// <summary>A thread on a bare machine: one code page (read+execute), one data page and a stack page (read+write).</summary>
internal sealed class Cpu
{
    public const ulong Code = AssembledProgram.CodeBase;
    public const ulong Data = AssembledProgram.DataBase;
    public const ulong StackTop = 0x7000_0000;

    public Cpu(params byte[][] instructions)
    {
        Memory.Map(Code, TestAddressSpace.PageSize, TestAddressSpace.Access.Read | TestAddressSpace.Access.Execute);
        Memory.Map(Data, TestAddressSpace.PageSize, TestAddressSpace.Access.Read | TestAddressSpace.Access.Write);
        Memory.Map(StackTop - TestAddressSpace.PageSize, TestAddressSpace.PageSize, TestAddressSpace.Access.Read | TestAddressSpace.Access.Write);
        Memory.Poke(Code, instructions.SelectMany(i => i).ToArray());
        Registers.Pc = Code;
        Registers.Sp = StackTop;
    }

    public TestAddressSpace Memory { get; } = new();

    public RegisterFile Registers { get; } = new();

    public ulong[] R => Registers.R;

    public string? Fault { get; private set; }

    public StepResult Step()
    {
        var result = Interpreter.Step(Registers, Memory, out string? fault);
        Fault = fault;
        return result;
    }

    /// <summary>Steps <paramref name="count"/> times, asserting that each one executed normally.</summary>
    public Cpu Run(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var result = Step();
            Assert.True(result == StepResult.Executed, $"step {i}: {result} {Fault}");
        }
        return this;
    }
}
