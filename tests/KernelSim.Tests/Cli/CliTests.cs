using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public void Programs_lists_every_sample_with_its_description()
    {
        var (code, stdout, _) = Run("programs");
        Assert.Equal(ExitCodes.Ok, code);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(KernelSim.Assembler.ProgramLibrary.Names, lines.Select(line => line.Split(' ')[0]));
        Assert.All(lines, line => Assert.True(line.Split("  ", 2)[1].Trim().Length > 10, line));
    }

    [Theory]
    [InlineData("ckpt")]
    [InlineData("prodcons")]
    [InlineData("sleeper")]
    public void Demo_passes_its_own_verdict(string program)
    {
        using var temp = new TempDirectory();
        var image = temp.File("demo.snap");
        var (code, stdout, stderr) = Run("demo", "--program", program, "--arg", TestPrograms.PropertyArgument(program).ToString(),
            "--image", image, "--summary");
        Assert.True(code == ExitCodes.Ok, stdout + stderr);
        Assert.Contains("Verdict: PASS", stdout);
        Assert.Contains("kernel build  spartan 0.4.0", stdout);
        Assert.Contains("stop site", stdout);
        Assert.True(File.Exists(image));
    }

    [Fact]
    public void Demo_shows_the_image_through_the_real_snapinfo_of_the_checkout()
    {
        // The tests run inside the source tree, so the demo finds bin/snapinfo as it does for a user.
        Assert.NotNull(SnapInfoProcess.FindLauncher());
        using var temp = new TempDirectory();
        var image = temp.File("demo.snap");
        var (code, stdout, stderr) = Run("demo", "--program", "ckpt", "--arg", "20", "--image", image);
        Assert.True(code == ExitCodes.Ok, stdout + stderr);
        Assert.Contains($"3. snapinfo {image}:", stdout);
        Assert.Contains("Stop site", stdout);
        Assert.Contains("spartan 0.4.0 (sim64, build", stdout);
        Assert.Contains("Verdict: PASS", stdout);
    }

    [Fact]
    public void Checkpoint_then_restore_prints_the_uninterrupted_output_in_two_parts()
    {
        using var temp = new TempDirectory();
        var image = temp.File("prodcons.snap");
        var (code, before, stderr) = Run("checkpoint", "prodcons", "--arg", "6", "--ticks", "873", "-o", image, "--kill", "--seed", "1");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains($"written to {image}: 5 threads", stderr);

        (code, var after, stderr) = Run("restore", image);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("all tasks exited", stderr);

        var reference = Microkernel.Boot(seed: 1);
        reference.Spawn(KernelSim.Assembler.ProgramLibrary.Load("prodcons"), 6);
        reference.RunUntilExit(1_000_000);
        Assert.Equal(reference.Console.Text, before + after);

        (code, var partial, _) = Run("restore", image, "--ticks", "10");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith(partial, after);
    }

    [Fact]
    public void Restore_refuses_an_image_of_another_build_with_exit_2_and_one_line()
    {
        using var temp = new TempDirectory();
        var image = temp.File("a.snap");
        Assert.Equal(ExitCodes.Ok, Run("checkpoint", "ckpt", "--ticks", "100", "-o", image).Code);
        var other = temp.File("b.snap");
        ImageRewriter.Rewrite(image, other, stamp: stamp => stamp with { Version = "0.5.0", BuildId = Snapshot.Format.Hash256.Compute("x"u8) });

        var (code, stdout, stderr) = Run("restore", other);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"kernel-sim: image {other} was written by kernel build spartan 0.5.0", stderr);
        Assert.Contains("--to spartan-0.4", stderr);
    }

    [Theory]
    [InlineData(ExitCodes.BadInput, "restore", "/nonexistent/x.snap")]
    [InlineData(ExitCodes.BadInput, "restore", "x.snap", "--kernel", "spartan-9")]
    [InlineData(ExitCodes.BadInput, "checkpoint", "nosuch", "--ticks", "5", "-o", "x.snap")]
    [InlineData(ExitCodes.BadInput, "checkpoint", "ckpt", "-o", "x.snap")]
    [InlineData(ExitCodes.BadInput, "checkpoint", "ckpt", "--arg", "2", "--ticks", "100000", "-o", "x.snap")]
    [InlineData(ExitCodes.BadInput, "demo", "--program", "ckpt", "--ticks", "999999999")]
    [InlineData(ExitCodes.BadInput, "run", "/nonexistent/x.scn")]
    [InlineData(ExitCodes.BadInput, "frobnicate")]
    [InlineData(ExitCodes.BadInput, "run", "--ticks", "x")]
    public void Bad_input_is_one_line_and_exit_2_without_a_stack_trace(int expected, params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.Equal(expected, code);
        Assert.StartsWith("kernel-sim: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public void Run_exits_1_when_an_expectation_fails_and_0_when_all_hold()
    {
        using var temp = new TempDirectory();
        var good = temp.File("good.scn");
        File.WriteAllText(good, "boot\nspawn ckpt arg 2 as c\nrun until-exit\nexpect console-contains \"ckpt: done\"\nprint console\n");
        var (code, stdout, _) = Run("run", "--quiet", good);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("ckpt: 0\nckpt: 1\nckpt: done ", stdout);

        var bad = temp.File("bad.scn");
        File.WriteAllText(bad, "boot\nspawn ckpt arg 2 as c\nrun until-exit\nexpect console-contains \"ckpt: 5\"\n");
        (code, _, var stderr) = Run("run", bad);
        Assert.Equal(ExitCodes.CheckFailed, code);
        Assert.EndsWith($"kernel-sim: {bad}:4: console does not contain \"ckpt: 5\"\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Help_describes_every_command()
    {
        var (code, stdout, _) = Run("--help");
        Assert.Equal(ExitCodes.Ok, code);
        foreach (var command in new[] { "demo", "run", "checkpoint", "restore", "programs" })
        {
            Assert.Contains(command, stdout);
        }

        (code, stdout, _) = Run("checkpoint", "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--ticks", stdout);
        Assert.Contains("--kill", stdout);
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
