using KernelSim.Assembler;
using KernelSim.Kernel;
using KernelSim.Scenarios;

namespace KernelSim.Tests.Services;

/// <summary>
/// Deadlock detection asks the native tasks for their next wake-up: a program waiting for console input that
/// the script releases at a later tick is waiting, not deadlocked.
/// </summary>
public sealed class ConsoleWakeUpTests
{
    private const string Banner = "tetris: 10x12 board, keys a d w x s q\n";

    [Fact]
    public void A_read_waiting_for_input_released_later_runs_to_the_end()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(5_000, "q"u8);
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("tetris"));
        var result = kernel.Kernel.RunUntilExit(1_000_000);
        Assert.Equal(RunStop.AllExited, result.Stop);
        Assert.True(result.Ticks > 5_000, $"tetris ended at tick {result.Ticks}, before its input was released");
        Assert.Equal(0, task.ExitCode);
        Assert.Equal(Banner + "tetris: score 0, lines 0, pieces 0\n", kernel.Output);
    }

    [Fact]
    public void A_read_with_no_input_left_in_the_script_is_a_deadlock()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(100, "s"u8); // read, then the game waits for a key that never comes
        kernel.Kernel.Spawn(ProgramLibrary.Load("tetris"));
        var result = kernel.Kernel.RunUntilExit(1_000_000);
        Assert.Equal(RunStop.Deadlock, result.Stop);
        Assert.True(result.Ticks > 100);
        Assert.Null(kernel.Kernel.NextNativeWakeUp());
        Assert.StartsWith(Banner, kernel.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_wakes_at_the_release_of_the_byte_its_reader_needs_next()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(3_000, "a"u8);
        kernel.Console.Input.Add(9_000, "q"u8);
        Assert.Null(kernel.Console.NextWakeUp(0)); // nobody reads yet
        kernel.Kernel.Spawn(ProgramLibrary.Load("tetris"));
        RunUntilReading(kernel);
        Assert.True(kernel.Kernel.Now < 3_000, $"tetris read its first key only at tick {kernel.Kernel.Now}");
        Assert.Equal(3_000UL, kernel.Kernel.NextNativeWakeUp());
        kernel.Kernel.Run(3_001 - kernel.Kernel.Now); // the "a" is read at tick 3000; the game redraws, then reads again
        Assert.Empty(kernel.Console.PendingReads);
        RunUntilReading(kernel);
        Assert.True(kernel.Kernel.Now < 9_000, $"tetris read its second key only at tick {kernel.Kernel.Now}");
        Assert.Equal(9_000UL, kernel.Kernel.NextNativeWakeUp());
        Assert.Equal(RunStop.AllExited, kernel.Kernel.RunUntilExit(1_000_000).Stop);
    }

    private static void RunUntilReading(ServiceKernel kernel)
    {
        for (var i = 0; i < 100_000 && kernel.Console.PendingReads.Count == 0; i++)
        {
            kernel.Kernel.Tick();
        }

        Assert.Single(kernel.Console.PendingReads);
    }

    [Fact]
    public void A_scenario_with_input_at_a_later_tick_runs_until_exit()
    {
        using var temp = new TempDirectory();
        var source = """
            boot spartan-0.5 seed 1
            input at 20000 "xq"
            spawn tetris as game
            run until-exit max 2000000
            expect exited game code 0
            expect console-contains "tetris: score 1, lines 0, pieces 1"
            """;
        var scenario = Scenario.Parse(temp.File("late.scn"), temp.Path, source);
        var context = ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null);
        Assert.True(context.Kernel.Now > 20_000);
    }
}
