using System.Text.Json;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;
using Golden = Snapshot.Testing.Locations.Fixtures;

namespace Snapshot.Tools.Tests.Upgrade;

/// <summary>snapcheck IMAGE --kernel BUILD: restorable as is, convertible (and what changes), or not convertible (and why).</summary>
public sealed class SnapCheckKernelTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void TheImagesOwnBuildRestoresItAsIs()
    {
        var result = ToolRunner.Run("snapcheck", Golden.Path("sleeper.snap"), "--kernel", "spartan-0.4");

        ToolAssert.Succeeded(result);
        Assert.StartsWith("kernel spartan-0.4: restorable as is on spartan-0.4\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherBuildNeedsTheConversionAndSaysWhatChanges()
    {
        var image = Golden.Path("prodcons.snap");

        var result = ToolRunner.Run("snapcheck", image, "--kernel", "spartan-0.5", "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Schema.AssertConforms("snapcheck.schema.json", result.Stdout);
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.True(document.RootElement.GetProperty("valid").GetBoolean());
        var kernel = document.RootElement.GetProperty("kernel");
        Assert.Equal("convertible", kernel.GetProperty("verdict").GetString());
        Assert.Contains($"snapupgrade {image} -o ", kernel.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(kernel.GetProperty("changes").EnumerateArray(),
            change => change.GetProperty("kind").GetString() == "syscall" && change.GetProperty("subject").GetString() == "futex_wait");
    }

    [Fact]
    public void TheBuildWithoutIpcCannotTakeASetWithIpcStateAndSaysWhy()
    {
        var image = ExternalSetImage.Write(_scratch.File("set.snap"));

        var result = ToolRunner.Run("snapcheck", image, "--kernel", "spartan-0.4");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains("kernel spartan-0.4: written by spartan-0.5; not convertible to spartan-0.4", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[ipc]: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{image}: valid", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownBuildIsNotConvertible()
    {
        var result = ToolRunner.Run("snapcheck", Golden.Path("ckpt.snap"), "--kernel", "spartan-9.9");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains("kernel spartan-9.9: unknown kernel build 'spartan-9.9' (known: spartan-0.4, spartan-0.5, spartan-0.6)", result.Stdout, StringComparison.Ordinal);
    }
}
