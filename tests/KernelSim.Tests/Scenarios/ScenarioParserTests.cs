using KernelSim.Scenarios;
using KernelSim.Scenarios.Steps;

namespace KernelSim.Tests.Scenarios;

public sealed class ScenarioParserTests
{
    [Fact]
    public void Every_command_parses_and_comments_and_blank_lines_are_ignored()
    {
        var scenario = Scenario.Parse("all.scn", "/base", """
            # a comment line

            boot spartan-0.4 seed 0x10      # trailing comment
            boot seed 3
            boot
            spawn ckpt arg 1_000 as t1
            spawn programs/my#prog.s
            run 500
            run until-exit
            run until-exit max 20
            checkpoint t1 to out.snap
            checkpoint t1 to out.snap kill
            kill t1
            restore out.snap as t2
            restore out.snap
            print console
            print tasks
            expect console-equals expected.txt
            expect console-contains "ckpt: done # not a comment"
            expect exited t2 code -1
            expect exited t2
            """);

        Assert.Equal<ScenarioStep>(
            [
                new BootStep(3, "spartan-0.4", 16),
                new BootStep(4, "spartan-0.4", 3),
                new BootStep(5, "spartan-0.4", 0),
                new SpawnStep(6, "ckpt", 1000, "t1"),
                new SpawnStep(7, "programs/my#prog.s", 0, null),
                new RunStep(8, 500),
                new RunUntilExitStep(9, RunUntilExitStep.DefaultMaxTicks),
                new RunUntilExitStep(10, 20),
                new CheckpointStep(11, "t1", "out.snap", false),
                new CheckpointStep(12, "t1", "out.snap", true),
                new KillStep(13, "t1"),
                new RestoreStep(14, "out.snap", "t2"),
                new RestoreStep(15, "out.snap", null),
                new PrintStep(16, PrintWhat.Console),
                new PrintStep(17, PrintWhat.Tasks),
                new ExpectConsoleStep(18, true, "expected.txt"),
                new ExpectConsoleStep(19, false, "ckpt: done # not a comment"),
                new ExpectExitStep(20, "t2", -1),
                new ExpectExitStep(21, "t2", null),
            ],
            scenario.Steps);
    }

    [Theory]
    [InlineData("jump 5", "unknown command 'jump'")]
    [InlineData("run", "missing a tick count or 'until-exit'")]
    [InlineData("run ten", "'ten' is not a number")]
    [InlineData("run 5 6", "unexpected '6' at the end of the line")]
    [InlineData("checkpoint t1 out.snap", "expected 'to', found 'out.snap'")]
    [InlineData("spawn ckpt with 5", "unexpected 'with'")]
    [InlineData("print memory", "cannot print 'memory'")]
    [InlineData("expect console-contains", "needs the text")]
    [InlineData("expect exited t1 code x", "'x' is not an exit code")]
    [InlineData("boot seed", "missing a seed")]
    public void Malformed_lines_are_reported_with_file_and_line(string line, string reason)
    {
        var ex = Assert.Throws<ScenarioException>(() => Scenario.Parse("bad.scn", "/base", "boot\n# fine so far\n" + line + "\n"));
        Assert.Equal(3, ex.Line);
        Assert.StartsWith("bad.scn:3: ", ex.Message);
        Assert.Contains(reason, ex.Message);
        Assert.Equal(ScenarioFailure.Invalid, ex.Failure);
    }

    [Fact]
    public void A_missing_scenario_file_is_a_scenario_error()
    {
        var ex = Assert.Throws<ScenarioException>(() => Scenario.Load("/nonexistent/x.scn"));
        Assert.Equal("/nonexistent/x.scn: no such scenario file", ex.Message);
    }
}
