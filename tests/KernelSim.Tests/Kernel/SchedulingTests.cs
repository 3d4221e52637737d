using KernelSim.Kernel;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Kernel;

public sealed class SchedulingTests
{
    [Fact]
    public void Round_robin_gives_each_task_one_quantum_of_instructions_in_turn()
    {
        var kernel = Microkernel.Boot();
        Assert.Equal(50, kernel.Profile.Quantum);
        var program = TestPrograms.Assemble(TestPrograms.Spin);
        var first = kernel.Spawn(program).FindThread(1)!;
        var second = kernel.Spawn(program).FindThread(1)!;

        kernel.Run(50);
        Assert.Equal((25UL, 0UL), (first.Registers.R[3], second.Registers.R[3]));
        Assert.Equal(SchedulingState.Ready, first.State);
        Assert.Equal(SchedulingState.Ready, second.State); // the switch happens at the next tick's pick

        kernel.Run(50);
        Assert.Equal((25UL, 25UL), (first.Registers.R[3], second.Registers.R[3]));

        kernel.Run(25);
        Assert.Equal((38UL, 25UL), (first.Registers.R[3], second.Registers.R[3]));
        Assert.Equal(SchedulingState.Running, first.State);
        Assert.Equal(25U, first.QuantumLeft);
    }

    [Fact]
    public void Yield_ends_the_quantum_early()
    {
        var kernel = Microkernel.Boot();
        var yielder = kernel.Spawn(TestPrograms.Assemble("""
            _start:
                addi r3, r3, 1
                li r0, SYS_YIELD
                syscall
                jmp _start
            """)).FindThread(1)!;
        var spinner = kernel.Spawn(TestPrograms.Assemble(TestPrograms.Spin)).FindThread(1)!;

        kernel.Run(53);
        Assert.Equal(1UL, yielder.Registers.R[3]);
        Assert.Equal(0UL, yielder.Registers.R[0]);
        Assert.Equal(25UL, spinner.Registers.R[3]);
    }

    [Fact]
    public void An_idle_kernel_still_counts_ticks()
    {
        var kernel = Microkernel.Boot();
        kernel.Run(10);
        Assert.Equal(10UL, kernel.Now);
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(100).Stop);
    }

    [Fact]
    public void Run_until_exit_stops_at_the_tick_limit_and_on_deadlock()
    {
        var spinning = Microkernel.Boot();
        spinning.Spawn(TestPrograms.Assemble(TestPrograms.Spin));
        Assert.Equal(new RunResult(1000, RunStop.TickLimit), spinning.RunUntilExit(1000));

        var stuck = Microkernel.Boot();
        stuck.Spawn(TestPrograms.Assemble("""
            _start:
                la r1, word
                li r2, 0
                li r0, SYS_FUTEX_WAIT
                syscall
                jmp _start
            .data
            word: .quad 0
            """));
        var result = stuck.RunUntilExit(1000);
        Assert.Equal(RunStop.Deadlock, result.Stop);
        Assert.Equal(4UL, result.Ticks);
    }
}
