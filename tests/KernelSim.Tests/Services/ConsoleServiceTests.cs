using KernelSim.Kernel;

namespace KernelSim.Tests.Services;

/// <summary>The console service through lib/console.s: writes to the log, scripted input, pending reads.</summary>
public sealed class ConsoleServiceTests
{
    /// <summary>Connects, writes "hi\n", reads two bytes and writes them back, exits with the first byte.</summary>
    private const string Echo2 = """
        _start:
            call con_open
            cmp r0, 0
            blt fail
            la r1, hello
            li r2, 3
            call con_write
            call con_read
            mov r8, r0
            la r1, buf
            stb r0, [r1]
            call con_read
            la r1, buf
            stb r0, [r1+1]
            li r2, 2
            call con_write
            mov r1, r8
            li r0, SYS_TASK_EXIT
            syscall
        fail:
            li r1, 99
            li r0, SYS_TASK_EXIT
            syscall
        .include "lib/console.s"
        .data
        hello: .ascii "hi\n"
        buf: .zero 8
        """;

    [Fact]
    public void Writes_go_to_the_console_log_and_reads_take_scripted_input_in_order()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(0, "xy"u8);
        var task = kernel.Spawn(Echo2);
        kernel.RunToEnd();
        Assert.Equal("hi\nxy", kernel.Output);
        Assert.Equal('x', task.ExitCode);
        Assert.Equal(0, kernel.Console.ReadPosition(task.Id)); // a client's cursor goes with its task
    }

    [Fact]
    public void A_read_stays_pending_until_its_input_arrives()
    {
        var kernel = new ServiceKernel();
        var task = kernel.Spawn(Echo2);
        kernel.Kernel.Run(500);
        Assert.Equal("hi\n", kernel.Output);
        Assert.Single(kernel.Console.PendingReads);
        Assert.Equal(TaskState.Active, task.State);
        kernel.Console.Input.Add(600, "ab"u8);
        kernel.Kernel.Run(50);
        Assert.Single(kernel.Console.PendingReads); // not yet at tick 550
        kernel.Kernel.Run(100);
        Assert.Empty(kernel.Console.PendingReads);
        kernel.RunToEnd();
        Assert.Equal("hi\nab", kernel.Output);
        Assert.True(kernel.Kernel.Now > 600);
    }

    [Fact]
    public void Scripted_input_becomes_readable_in_script_order_and_says_when_more_comes()
    {
        var input = new KernelSim.Services.Console.ScriptedInput();
        input.Add(10, "ab"u8);
        input.Add(5, "c"u8); // never before earlier input
        input.Add(20, "d"u8);
        Assert.Equal((0, 3, 4), (input.AvailableAt(9), input.AvailableAt(10), input.AvailableAt(20)));
        Assert.Equal((10UL, 20UL, (ulong?)null), (input.NextReleaseAfter(0)!.Value, input.NextReleaseAfter(10)!.Value, input.NextReleaseAfter(20)));
        Assert.Equal((byte)'c', input[2]);
    }
}
