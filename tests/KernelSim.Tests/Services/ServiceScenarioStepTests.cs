using KernelSim.Scenarios;
using KernelSim.Scenarios.Steps;
using KernelSim.Services;
using KernelSim.Services.Console;
using KernelSim.Services.Vfs;

namespace KernelSim.Tests.Services;

/// <summary>The scenario steps of the services: parsing, execution and their errors.</summary>
public sealed class ServiceScenarioStepTests
{
    [Fact]
    public void The_service_steps_parse_with_quoted_text_and_escapes()
    {
        var steps = Scenario.Parse("s.scn", "/base", """
            boot spartan-0.4 seed 2 without shm vfs
            input "ab\n\x41 \"q\""   # comment
            input at 500 "x"
            file /d/f "one two"
            file /g size 10 seed 3
            expect-file /d/f "one two"
            print file /d/f
            delete-file /d/f
            truncate-file /g 4
            write-file /g "new"
            service console uncooperative
            """).Steps;
        Assert.Equal(new BootStep(1, "spartan-0.4", 2, "shm,vfs"), steps[0]);
        var input = Assert.IsType<InputStep>(steps[1]);
        Assert.Equal((null, "ab\nA \"q\""), (input.Tick, System.Text.Encoding.ASCII.GetString(input.Text)));
        Assert.Equal(500UL, Assert.IsType<InputStep>(steps[2]).Tick);
        Assert.Equal("one two"u8.ToArray(), Assert.IsType<FileStep>(steps[3]).Content);
        Assert.Equal(FileStep.Generate(10, 3), Assert.IsType<FileStep>(steps[4]).Content);
        Assert.Equal("/d/f", Assert.IsType<ExpectFileStep>(steps[5]).Path);
        Assert.Equal(new PrintFileStep(7, "/d/f"), steps[6]);
        Assert.Equal(FileChange.Delete, Assert.IsType<FileChangeStep>(steps[7]).Change);
        Assert.Equal(4UL, Assert.IsType<FileChangeStep>(steps[8]).Size);
        Assert.Equal("new"u8.ToArray(), Assert.IsType<FileChangeStep>(steps[9]).Text);
        Assert.Equal(new ServiceStep(11, "console"), steps[10]);
    }

    [Theory]
    [InlineData("boot without", "missing a service after 'without'")]
    [InlineData("boot without disk", "unknown service 'disk'")]
    [InlineData("input abc", "'input' needs quoted text")]
    [InlineData("input \"abc", "the quoted text must end the line")]
    [InlineData("input \"a\\qb\"", "unknown escape '\\q'")]
    [InlineData("file /f size 99999999 seed 1", "a file holds at most")]
    [InlineData("file /f size 10", "missing 'seed'")]
    [InlineData("service vfs lazy", "expected 'uncooperative', found 'lazy'")]
    [InlineData("print file", "missing a file path")]
    public void Malformed_service_steps_are_refused_at_their_line(string line, string reason)
    {
        var ex = Assert.Throws<ScenarioException>(() => Scenario.Parse("bad.scn", "/base", "boot\n" + line + "\n"));
        Assert.Equal(2, ex.Line);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void File_steps_change_the_vfs_and_expectations_check_it()
    {
        var output = new StringWriter();
        var context = Run(output, """
            boot
            file /d/f "hello"
            expect-file /d/f "hello"
            print file /d/f
            write-file /d/f "bye"
            truncate-file /d/f 2
            expect-file /d/f "by"
            input at 7 "k"
            service vfs uncooperative
            """);
        Assert.Equal("hello", output.ToString());
        Assert.True(context.Service<VfsService>(ServiceIds.Vfs).IsUncooperative);
        Assert.Equal(1, context.Service<ConsoleService>(ServiceIds.Console).Input.Length);
        Assert.Equal(0, context.Service<ConsoleService>(ServiceIds.Console).Input.AvailableAt(6));
    }

    [Theory]
    [InlineData("expect-file /d/f \"other\"", "file /d/f holds \"hello\" (5 bytes), expected \"other\" (5 bytes)", ScenarioFailure.Expectation)]
    [InlineData("expect-file /d/g \"x\"", "file /d/g: no such file or directory", ScenarioFailure.Expectation)]
    [InlineData("delete-file /d", "/d is a directory, not a file", ScenarioFailure.Expectation)]
    [InlineData("file /d/f/x \"y\"", "cannot create file /d/f/x: a path component is a file", ScenarioFailure.Invalid)]
    [InlineData("file relative \"y\"", "'relative' is not a file path", ScenarioFailure.Invalid)]
    public void File_step_failures_name_the_file(string line, string reason, ScenarioFailure failure)
    {
        var ex = Assert.Throws<ScenarioException>(() => Run(TextWriter.Null, "boot\nfile /d/f \"hello\"\n" + line + "\n"));
        Assert.Equal(3, ex.Line);
        Assert.Contains(reason, ex.Message);
        Assert.Equal(failure, ex.Failure);
    }

    [Fact]
    public void A_kernel_booted_without_a_service_refuses_its_steps()
    {
        var ex = Assert.Throws<ScenarioException>(() => Run(TextWriter.Null, "boot without console\ninput \"a\"\n"));
        Assert.Contains("service console is not running (the kernel was booted without it)", ex.Message);
    }

    [Fact]
    public void The_filecopy_scenario_copies_its_generated_file()
    {
        var scenario = Scenario.Load(Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios", "filecopy.scn"));
        var output = new StringWriter();
        ScenarioRunner.Run(scenario, output, TextWriter.Null);
        Assert.Equal(System.Text.Encoding.ASCII.GetString(FileStep.Generate(1000, 42)), output.ToString());
    }

    private static ScenarioContext Run(TextWriter output, string text) =>
        ScenarioRunner.Run(Scenario.Parse("t.scn", Path.GetTempPath(), text), output, TextWriter.Null);
}
