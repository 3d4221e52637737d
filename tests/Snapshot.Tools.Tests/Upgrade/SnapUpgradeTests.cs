using System.Text.Json;
using Snapshot.Format;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;
using Golden = Snapshot.Testing.Locations.Fixtures;

namespace Snapshot.Tools.Tests.Upgrade;

public sealed class SnapUpgradeTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("prodcons.snap", "spartan-0.5")]
    [InlineData("sleeper.snap", "spartan-0.6")]
    [InlineData("signed-ckpt.snap", "spartan-0.6")]
    public void DryRunPlan(string fixture, string build)
    {
        var result = ToolRunner.Run("snapupgrade", Golden.Path(fixture), "--to", build, "--dry-run");

        ToolAssert.Succeeded(result);
        Approvals.Verify(result.Stdout, name: $"{Path.GetFileNameWithoutExtension(fixture)}-to-{build}");
    }

    [Fact]
    public void DryRunPlanJson()
    {
        var result = ToolRunner.Run("snapupgrade", Golden.Path("ckpt.snap"), "--to", "spartan-0.5", "--dry-run", "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapupgrade.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void ConvertsWritesTheOutputForTheTargetBuildAndLeavesTheInput()
    {
        var input = Golden.Path("prodcons.snap");
        var before = File.ReadAllBytes(input);
        var output = _scratch.File("prodcons-0.6.snap");

        var result = ToolRunner.Run("snapupgrade", input, "-o", output, "--to", "spartan-0.6", "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapupgrade.schema.json", result.Stdout);
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal("converted", document.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(output, document.RootElement.GetProperty("output").GetString());
        using (var reader = ImageReader.Open(output))
        {
            Assert.Equal("0.6.0", reader.Header.Build.Version);
        }

        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Equal(ExitCodes.Success, ToolRunner.Run("snapcheck", output).ExitCode);
    }

    [Fact]
    public void SameBuildIsACopyThatSaysSo()
    {
        var output = _scratch.File("same.snap");

        var result = ToolRunner.Run("snapupgrade", Golden.Path("ckpt.snap"), "-o", output, "--to", "spartan-0.4");

        ToolAssert.Succeeded(result);
        Assert.Contains("Unchanged: the image is already for spartan-0.4; copied to", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Golden.Path("ckpt.snap")), File.ReadAllBytes(output));
    }

    [Fact]
    public void SignKeySignsTheOutput()
    {
        var output = _scratch.File("signed.snap");
        var key = Golden.Path("keys/test-hmac.key");

        var result = ToolRunner.Run("snapupgrade", Golden.Path("signed-ckpt.snap"), "-o", output, "--to", "spartan-0.5", "--sign-key", key);

        ToolAssert.Succeeded(result);
        Assert.Contains("Signature  signed", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, ToolRunner.Run("snapcheck", output, "--verify-key", key).ExitCode);
    }

    [Fact]
    public void OlderFormatVersionIsWrittenWherePossible()
    {
        var output = _scratch.File("old.snap");

        var result = ToolRunner.Run("snapupgrade", Golden.Path("signed-ckpt.snap"), "-o", output, "--to", "spartan-0.4", "--format-version", "1.0");

        ToolAssert.Succeeded(result);
        using var reader = ImageReader.Open(output);
        Assert.Equal(new FormatVersion(1, 0), reader.Header.Version);
    }

    [Fact]
    public void ImpossibleFormatVersionIsRefusedWithExitOneAndNothingWritten()
    {
        var output = _scratch.File("never.snap");

        var result = ToolRunner.Run("snapupgrade", Golden.Path("repaired-prodcons.snap"), "-o", output, "--to", "spartan-0.5", "--format-version", "1.0");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains("image [repaired]: the image is marked repaired, which needs format 1.1 (asked for 1.0)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Refused: spartan-0.5 cannot hold this image (1 blocker); nothing written", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(new[] { "--to", "spartan-9.9", "--dry-run" }, "snapupgrade: spartan-9.9: unknown kernel build (known: spartan-0.4, spartan-0.5, spartan-0.6)")]
    [InlineData(new[] { "--to", "spartan-0.5" }, "snapupgrade: option '--output' (-o OUT) is required unless --dry-run is given")]
    [InlineData(new[] { "--to", "spartan-0.5", "--dry-run", "--format-version", "2.0" }, "snapupgrade: Argument '2.0' not recognized. Must be one of:")]
    public void UsageErrorsExitTwo(string[] options, string expected)
    {
        var result = ToolRunner.Run(["snapupgrade", Golden.Path("ckpt.snap"), .. options], stdin: null);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith(expected, result.StderrLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void OutputThatIsTheInputIsRefused()
    {
        var input = _scratch.File("ckpt.snap");
        File.Copy(Golden.Path("ckpt.snap"), input);

        var result = ToolRunner.Run("snapupgrade", input, "-o", input, "--to", "spartan-0.5");

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Contains("is the input: snapupgrade never modifies its input", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Golden.Path("ckpt.snap")), File.ReadAllBytes(input));
    }

    [Fact]
    public void NotAnImageIsOneLineOfTrouble()
    {
        var input = _scratch.File("junk.snap");
        File.WriteAllText(input, "not an image");

        var result = ToolRunner.Run("snapupgrade", input, "--to", "spartan-0.5", "--dry-run");

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.StartsWith($"snapupgrade: {input}: ", result.Stderr, StringComparison.Ordinal);
    }
}
