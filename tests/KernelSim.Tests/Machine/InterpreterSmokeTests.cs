using KernelSim.Machine;

namespace KernelSim.Tests.Machine;

public sealed class InterpreterSmokeTests
{
    [Fact]
    public void Runs_a_loop_to_a_syscall()
    {
        var program = KernelSim.Assembler.Assembler.Assemble("t", """
            _start:
                li r1, 0
                li r2, 10
            loop:
                add r1, r1, 3
                subi r2, r2, 1
                cmp r2, 0
                bne loop
                li r0, SYS_TASK_EXIT
                syscall
            """);
        var memory = new TestAddressSpace();
        memory.Load(program);
        var registers = new RegisterFile { Pc = program.Entry };
        StepResult result;
        int steps = 0;
        while ((result = Interpreter.Step(registers, memory, out var fault)) == StepResult.Executed)
            steps++;
        Assert.Equal(StepResult.Syscall, result);
        Assert.Equal(30UL, registers.R[1]);
        Assert.Equal((ulong)SyscallNumber.TaskExit, registers.R[0]);
    }
}
