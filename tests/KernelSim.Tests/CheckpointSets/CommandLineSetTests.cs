using KernelSim.Cli;
using KernelSim.Scenarios;
using KernelSim.Tests.Equivalence;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.CheckpointSets;

/// <summary>The checkpoint-set options of <c>kernel-sim checkpoint</c> / <c>restore</c> and of the scenario steps.</summary>
public sealed class CommandLineSetTests
{
    [Fact]
    public void Checkpoint_of_a_client_server_pair_and_restore_print_together_what_the_uninterrupted_run_prints()
    {
        using var temp = new TempDirectory();
        var image = temp.File("echo.snap");
        var (code, before, stderr) = Run("checkpoint", SetRun.Sample("echo-server.s"), "--spawn", SetRun.Sample("echo-client.s"),
            "--ticks", "1500", "-o", image, "--kill-all", "--kernel", "spartan-0.5", "--seed", "1");
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.StartsWith("checkpoint of 2 tasks (1, 2) at tick ", stderr);
        Assert.Contains("services [ns]", stderr); // the pair prints with SYS_WRITE: only the naming service is connected

        var (restoreCode, after, restoreErr) = Run("restore", image, "--kernel", "spartan-0.5", "--seed", "1");
        Assert.True(restoreCode == ExitCodes.Ok, restoreErr);
        Assert.Equal(SetRun.EchoPair().Uninterrupted().Console, before + after);
    }

    [Fact]
    public void An_unknown_file_policy_and_both_kill_options_are_usage_errors()
    {
        using var temp = new TempDirectory();
        var (code, _, stderr) = Run("checkpoint", "ckpt", "--ticks", "10", "-o", temp.File("a.snap"), "--file-policy", "sometimes");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("kernel-sim: unknown file policy 'sometimes' (policies: unchangeable, volatile, backup-overwrite, backup-skip)\n", stderr);
        (code, _, stderr) = Run("checkpoint", "ckpt", "--ticks", "10", "-o", temp.File("a.snap"), "--kill-zero", "--kill-all");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("kernel-sim: --kill-zero and --kill-all exclude each other\n", stderr);
    }

    [Fact]
    public void Err_cancel_is_the_explicit_default_and_excludes_err_resume()
    {
        using var temp = new TempDirectory();
        var image = temp.File("a.snap");
        var (code, _, stderr) = Run("checkpoint", "ckpt", "--ticks", "10", "-o", image, "--err-cancel");
        Assert.True(code == ExitCodes.Ok, stderr);
        (code, _, stderr) = Run("restore", image, "--err-cancel");
        Assert.True(code == ExitCodes.Ok, stderr);
        (code, _, stderr) = Run("checkpoint", "ckpt", "--ticks", "10", "-o", temp.File("b.snap"), "--err-cancel", "--err-resume");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("kernel-sim: --err-cancel and --err-resume exclude each other\n", stderr);
        Assert.False(File.Exists(temp.File("b.snap")));
        (code, _, stderr) = Run("restore", image, "--err-resume", "--err-cancel");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("kernel-sim: --err-cancel and --err-resume exclude each other\n", stderr);
    }

    [Fact]
    public void Scenario_steps_take_the_set_options_and_restore_err_resume()
    {
        var scenario = Scenario.Parse("x.scn", ".",
            "checkpoint a,b to s.snap kill-all timeout 5000 err-resume file-policy backup-skip\nrestore s.snap err-resume\n");
        Assert.Equal(
            [
                new KernelSim.Scenarios.Steps.CheckpointStep(1, ["a", "b"], "s.snap", Snapshot.Format.KillPolicy.All, 5000,
                    Snapshot.Format.CheckpointErrorPolicy.Resume, Snapshot.Format.FilePolicy.BackupSkip),
                new KernelSim.Scenarios.Steps.RestoreStep(2, "s.snap", null, Snapshot.Format.CheckpointErrorPolicy.Resume),
            ],
            scenario.Steps);
        var error = Assert.Throws<ScenarioException>(() => Scenario.Parse("x.scn", ".", "checkpoint a to s.snap timeout 0\n"));
        Assert.Contains("'0' is not a positive tick count", error.Message);
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
