using KernelSim.Cli;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Upgrade;

/// <summary>kernel-sim demo: checkpoint on the oldest build, upgrade to the newest, restore there, inspect.</summary>
public sealed class DemoUpgradeTests
{
    [Theory]
    [InlineData("prodcons")]
    [InlineData("sleeper")]
    public void The_demo_checkpoints_on_the_oldest_build_upgrades_to_the_newest_and_restores_there(string program)
    {
        using var temp = new TempDirectory();
        var image = temp.File("demo.snap");
        var (code, stdout, stderr) = Run("demo", "--program", program, "--arg", TestPrograms.PropertyArgument(program).ToString(),
            "--image", image, "--summary");

        Assert.True(code == ExitCodes.Ok, stdout + stderr);
        Assert.Contains("2. Run again on spartan-0.4, checkpoint at tick", stdout, StringComparison.Ordinal);
        Assert.Contains($"4. snapupgrade {image} -o {temp.File("demo.spartan-0.6.snap")} --to spartan-0.6:", stdout, StringComparison.Ordinal);
        Assert.Contains("kernel build  spartan 0.6.0", stdout, StringComparison.Ordinal);
        Assert.Contains("5. Restore into a fresh spartan-0.6 kernel", stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict: PASS", stdout, StringComparison.Ordinal);
        using var reader = ImageReader.Open(temp.File("demo.spartan-0.6.snap"));
        Assert.Equal("0.6.0", reader.Header.Build.Version);
    }

    [Fact]
    public void The_builds_can_be_chosen_and_an_unknown_one_is_bad_input()
    {
        using var temp = new TempDirectory();
        var (code, stdout, stderr) = Run("demo", "--program", "ckpt", "--arg", "12", "--image", temp.File("d.snap"), "--summary",
            "--from", "spartan-0.6", "--to", "spartan-0.5");
        Assert.True(code == ExitCodes.Ok, stdout + stderr);
        Assert.Contains("kernel spartan 0.6.0", stdout, StringComparison.Ordinal);
        Assert.Contains("--to spartan-0.5:", stdout, StringComparison.Ordinal);

        (code, _, stderr) = Run("demo", "--program", "ckpt", "--to", "spartan-9.9");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown kernel build 'spartan-9.9'", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
