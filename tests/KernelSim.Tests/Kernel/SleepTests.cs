using KernelSim.Kernel;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Kernel;

public sealed class SleepTests
{
    private const string SleepThenWrite = """
        _start:
            li r1, 100
            li r0, SYS_SLEEP
            syscall
            la r1, msg
            li r2, 1
            li r0, SYS_WRITE
            syscall
            li r1, 3
            li r0, SYS_TASK_EXIT
            syscall
        .data
        msg: .ascii "w"
        """;

    [Fact]
    public void Sleep_blocks_for_exactly_the_given_ticks_while_other_tasks_run()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(SleepThenWrite));
        var sleeper = task.FindThread(1)!;
        var spinner = kernel.Spawn(TestPrograms.Assemble(TestPrograms.Spin)).FindThread(1)!;

        kernel.Run(3); // li, li, syscall at ticks 0..2: deadline 2 + 100
        Assert.Equal(SchedulingState.Blocked, sleeper.State);
        Assert.Equal(new WaitRecord(WaitReason.Sleep, 1, 102, 0, 0), sleeper.Wait);

        kernel.Run(99); // ticks 3..101: only the spinner runs
        Assert.Equal(SchedulingState.Blocked, sleeper.State);
        Assert.Equal(50UL, spinner.Registers.R[3]);

        kernel.Run(1); // tick 102 wakes it; it waits for the spinner's quantum to end
        Assert.Null(sleeper.Wait);
        Assert.Equal(0UL, sleeper.Registers.R[0]);

        Assert.Equal(RunStop.TickLimit, kernel.RunUntilExit(200).Stop);
        Assert.Equal("w", kernel.Console.Text);
        Assert.Equal(TaskState.Exited, task.State);
        Assert.Equal(3L, task.ExitCode);
    }
}
