using KernelSim.Cli;
using KernelSim.Scenarios;
using KernelSim.Scenarios.Steps;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Cli;

/// <summary>
/// Code by reference to the program is the default of <c>kernel-sim checkpoint</c> (format 1.3, catalogued programs);
/// <c>--include-code</c>, the scenario word <c>include-code</c> and <c>--compat</c> below 1.3 store the code pages.
/// </summary>
public sealed class IncludeCodeCliTests
{
    [Theory]
    [InlineData(new string[0], AreaBacking.ProgramReference)]
    [InlineData(new[] { "--include-code" }, AreaBacking.Program)]
    [InlineData(new[] { "--compat", "1.2" }, AreaBacking.Program)]
    public void The_code_area_is_a_reference_unless_asked_or_below_format_1_3(string[] options, AreaBacking expected)
    {
        using var temp = new TempDirectory();
        var image = temp.File("sieve.snap");
        var (code, _, stderr) = Run(["checkpoint", "sieve", "--arg", "3000", "--ticks", "30000", "-o", image, "--seed", "1", .. options]);
        Assert.True(code == ExitCodes.Ok, stderr);
        AssertCode(image, expected);

        (code, _, stderr) = Run("restore", image);
        Assert.True(code == ExitCodes.Ok, stderr);
    }

    [Theory]
    [InlineData(new string[0], AreaBacking.ProgramReference)]
    [InlineData(new[] { "--include-code" }, AreaBacking.Program)]
    public void An_incremental_checkpoint_follows_the_same_default(string[] options, AreaBacking expected)
    {
        using var temp = new TempDirectory();
        var parent = temp.File("parent.snap");
        var child = temp.File("child.snap");
        var (code, _, stderr) = Run("checkpoint", "sieve", "--arg", "3000", "--ticks", "20000", "-o", parent, "--seed", "1");
        Assert.True(code == ExitCodes.Ok, stderr);
        (code, _, stderr) = Run(["checkpoint", "--parent", parent, "--ticks", "10000", "-o", child, "--seed", "1", .. options]);
        Assert.True(code == ExitCodes.Ok, stderr);
        AssertCode(child, expected);

        (code, _, stderr) = Run("restore", child);
        Assert.True(code == ExitCodes.Ok, stderr);
    }

    [Fact]
    public void The_scenario_word_include_code_stores_the_code_pages()
    {
        using var temp = new TempDirectory();
        var step = Assert.IsType<CheckpointStep>(Scenario.Parse("test.scn", temp.Path, "checkpoint s to s.snap include-code kill\n").Steps.Single());
        Assert.True(step.IncludeCode);
        Assert.NotEqual(step, step with { IncludeCode = false });

        var scenario = Scenario.Parse("test.scn", temp.Path,
            "boot seed 1\nspawn sieve arg 3000 as s\nrun 20000\ncheckpoint s to ref.snap\ncheckpoint s to code.snap include-code kill\n");
        ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null);
        AssertCode(temp.File("ref.snap"), AreaBacking.ProgramReference);
        AssertCode(temp.File("code.snap"), AreaBacking.Program);
    }

    private static void AssertCode(string image, AreaBacking expected)
    {
        using var reader = ImageReader.Open(image);
        var task = reader.ReadMetadata().Tasks.Single();
        var code = task.Areas.Single(area => area.Kind == AreaKind.Code);
        Assert.Equal(expected, code.Backing);
        Assert.Equal(expected == AreaBacking.ProgramReference, (reader.Header.Features.Incompatible & Features.IncompatProgramReference) != 0);
        Assert.Equal(expected == AreaBacking.Program, reader.Index.Any(entry => entry.AreaId == code.AreaId && entry.Type is SectionType.MemoryChunk or SectionType.ChunkReference));
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
