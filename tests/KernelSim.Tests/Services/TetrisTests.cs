using KernelSim.Assembler;
using KernelSim.Scenarios;

namespace KernelSim.Tests.Services;

/// <summary>The tetris sample, driven by scripted console input.</summary>
public sealed class TetrisTests
{
    [Fact]
    public void The_tetris_scenario_prints_its_expected_console()
    {
        var scenario = Scenario.Load(Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios", "tetris.scn"));
        var output = new StringWriter();
        var context = ScenarioRunner.Run(scenario, output, TextWriter.Null);
        Assert.EndsWith("tetris: score 9, lines 0, pieces 9\n", output.ToString());
        Assert.Equal(0, context.Kernel.FindTask(1)!.ExitCode);
    }

    [Fact]
    public void Quitting_at_once_prints_the_banner_and_a_zero_score()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(0, "q"u8);
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("tetris"));
        kernel.RunToEnd();
        Assert.Equal(0, task.ExitCode);
        Assert.Equal("tetris: 10x12 board, keys a d w x s q\ntetris: score 0, lines 0, pieces 0\n", kernel.Output);
    }

    [Fact]
    public void Dropping_pieces_until_the_board_is_full_ends_the_game()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(0, System.Text.Encoding.ASCII.GetBytes(new string('x', 40)));
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("tetris"));
        kernel.RunToEnd();
        Assert.Equal(0, task.ExitCode);
        Assert.Contains("tetris: game over\n", kernel.Output);
    }
}
