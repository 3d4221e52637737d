using KernelSim.Scenarios;
using KernelSim.Tests.Support;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.Scenarios;

public sealed class ScenarioRunnerTests
{
    private static string SamplesDirectory => Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios");

    public static TheoryData<string> Samples() =>
        new(Directory.EnumerateFiles(SamplesDirectory, "*.scn").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_scenario_runs_successfully(string name)
    {
        using var temp = CopyOfSamples();
        var output = new StringWriter();
        ScenarioRunner.Run(Scenario.Load(temp.File(name)), output, TextWriter.Null);
    }

    [Fact]
    public void Checkpoint_kill_restore_prints_what_the_uninterrupted_run_prints()
    {
        using var temp = CopyOfSamples();
        var interrupted = Run(temp.File("ckpt-restore.scn"));
        var uninterrupted = Run(temp.File("ckpt-uninterrupted.scn"));
        Assert.Equal(uninterrupted, interrupted);
        Assert.Equal(File.ReadAllText(temp.File("ckpt-20.expected.txt")), interrupted);
    }

    [Fact]
    public void The_same_scenario_and_seed_give_byte_identical_output_and_images()
    {
        using var first = CopyOfSamples();
        using var second = CopyOfSamples();
        Assert.Equal(Run(first.File("prodcons-futex.scn")), Run(second.File("prodcons-futex.scn")));
        Assert.Equal(File.ReadAllBytes(first.File("prodcons.snap")), File.ReadAllBytes(second.File("prodcons.snap")));
        Assert.Equal(Run(first.File("sleeper-two-tasks.scn")), Run(second.File("sleeper-two-tasks.scn")));
        Assert.Equal(File.ReadAllBytes(first.File("sleeper.snap")), File.ReadAllBytes(second.File("sleeper.snap")));
    }

    [Fact]
    public void A_failed_expectation_names_the_line_and_counts_as_a_failed_check()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("wrong.txt"), "ckpt: 0\nckpt: 7\n");
        var scenario = Scenario.Parse("x.scn", temp.Path, "boot\nspawn ckpt arg 2 as c\nrun until-exit\nexpect console-equals wrong.txt\n");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null));
        Assert.Equal(ScenarioFailure.Expectation, ex.Failure);
        Assert.StartsWith("x.scn:4: console differs from wrong.txt at line 2", ex.Message);
    }

    [Theory]
    [InlineData("spawn ckpt\n", "no kernel is running")]
    [InlineData("boot spartan-9\n", "unknown kernel build 'spartan-9' (known: spartan-0.4")]
    [InlineData("boot\nspawn nosuch\n", "'nosuch' is neither a sample program")]
    [InlineData("boot\nkill t9\n", "unknown task label 't9'")]
    [InlineData("boot\nspawn ckpt arg 1 as c\nrun until-exit\ncheckpoint c to x.snap\n", "is not running, there is nothing to checkpoint")]
    [InlineData("boot\nrestore missing.snap\n", "cannot read image")]
    public void Impossible_requests_are_scenario_errors_with_the_line(string text, string reason)
    {
        using var temp = new TempDirectory();
        var scenario = Scenario.Parse("y.scn", temp.Path, text);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null));
        Assert.Equal(ScenarioFailure.Invalid, ex.Failure);
        Assert.Equal(text.Count(c => c == '\n'), ex.Line);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Run_until_exit_reports_a_task_that_does_not_finish_within_the_cap()
    {
        var scenario = Scenario.Parse("z.scn", Path.GetTempPath(), "boot\nspawn ckpt\nrun until-exit max 100\n");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null));
        Assert.Equal(ScenarioFailure.Expectation, ex.Failure);
        Assert.Contains("still running after 100 ticks", ex.Message);
    }

    private static string Run(string path)
    {
        var output = new StringWriter();
        ScenarioRunner.Run(Scenario.Load(path), output, TextWriter.Null);
        return output.ToString();
    }

    private static TempDirectory CopyOfSamples()
    {
        var temp = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(SamplesDirectory).Where(file => !file.EndsWith(".snap", StringComparison.Ordinal)))
        {
            File.Copy(file, temp.File(Path.GetFileName(file)));
        }

        return temp;
    }
}
