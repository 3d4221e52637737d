using KernelSim.Assembler;
using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Tests.Equivalence;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.CheckpointSets;

/// <summary>
/// Stability when both ends of a connection attempt are members: the pingpong client's CONNECT_ME_TO forwarded to
/// the pingpong server is captured as a pending forwarded call instead of being waited for, so the checkpoint is
/// taken at the tick it was asked for with the default timeout, and the restored server's answer connects the
/// restored client exactly as in the uninterrupted run.
/// </summary>
public sealed class ConnectionAttemptTests
{
    private static SetRun PingPong() => new("spartan-0.5", kernel =>
    {
        kernel.Spawn(ProgramLibrary.Load("pingpong-server"));
        kernel.Spawn(ProgramLibrary.Load("pingpong-client"));
    });

    [Theory]
    [InlineData(100)]  // the client's attempt is forwarded to the server and not yet answered
    [InlineData(500)]
    [InlineData(3000)] // the command line of the issue
    public void Pingpong_pair_checkpoints_at_the_asked_tick_with_the_default_timeout_and_restores_to_the_uninterrupted_output(int ticks)
    {
        using var temp = new TempDirectory();
        var image = temp.File("pingpong.snap");
        var (code, before, stderr) = Run("checkpoint", "pingpong-server", "--spawn", "pingpong-client", "--ticks", ticks.ToString(),
            "--kernel", "spartan-0.5", "-o", image, "--kill-all");
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.StartsWith($"checkpoint of 2 tasks (1, 2) at tick {ticks} written", stderr);
        Assert.DoesNotContain("waited", stderr);

        var (restoreCode, after, restoreErr) = Run("restore", image, "--kernel", "spartan-0.5");
        Assert.True(restoreCode == ExitCodes.Ok, restoreErr);
        Assert.Equal(PingPong().Uninterrupted().Console, before + after);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(400)]
    public void Echo_pair_checkpoints_at_the_asked_tick_with_the_default_timeout_and_restores_to_the_uninterrupted_output(int ticks)
    {
        using var temp = new TempDirectory();
        var image = temp.File("echo.snap");
        var (code, before, stderr) = Run("checkpoint", SetRun.Sample("echo-server.s"), "--spawn", SetRun.Sample("echo-client.s"),
            "--ticks", ticks.ToString(), "--kernel", "spartan-0.5", "-o", image, "--kill-all");
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.StartsWith($"checkpoint of 2 tasks (1, 2) at tick {ticks} written", stderr);

        var (restoreCode, after, restoreErr) = Run("restore", image, "--kernel", "spartan-0.5");
        Assert.True(restoreCode == ExitCodes.Ok, restoreErr);
        Assert.Equal(SetRun.EchoPair().Uninterrupted().Console, before + after);
    }

    [Fact]
    public void An_attempt_in_flight_between_members_is_captured_as_the_forwarded_connect_call_and_answered_once_after_restore()
    {
        using var temp = new TempDirectory();
        var run = PingPong();
        var interrupted = run.Interrupt(100, temp.File("attempt.snap"), kernel =>
            Assert.Contains(kernel.Tasks, task => task.State == TaskState.Active && task.Ipc.Outgoing.Any(call => call.ForwardCount > 0 && call.State != KernelSim.Ipc.CallState.Answered)));
        Assert.NotNull(interrupted);
        Assert.Equal(100UL, interrupted.Summary.Tick);
        Assert.Equal(0UL, interrupted.Summary.WaitedTicks);
        Assert.True(interrupted.Summary.Calls >= 1);
        var uninterrupted = run.Uninterrupted();
        Assert.Equal(uninterrupted.Console, interrupted.Outcome.Console);
        Assert.Equal(uninterrupted.Exits, interrupted.Outcome.Exits);
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
