using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Check;

/// <summary>snapcheck --quick (CRCs only) and --threads N (same report for any N).</summary>
public sealed class SnapCheckQuickTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void QuickSaysItWasQuick()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapcheck", image, "--quick");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void QuickJsonCarriesTheLevel()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapcheck", image, "--quick", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Schema.AssertConforms("snapcheck.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void QuickFindsAFlippedBitAtTheSameSectionAndOffset()
    {
        var image = TestImage.Write(_scratch.File("flipped.snap"));
        var chunkOffset = ImageDamage.FlipBitInFirstChunk(image);

        var quick = ToolRunner.Run("snapcheck", image, "--quick");
        var full = ToolRunner.Run("snapcheck", image);

        Assert.Equal(ExitCodes.ProblemsFound, quick.ExitCode);
        Assert.StartsWith($"MEMCHUNK at 0x{chunkOffset:x}: payload CRC32C mismatch", quick.Stdout, StringComparison.Ordinal);
        Assert.Equal(full.Stdout.Split('\n')[0], quick.Stdout.Split('\n')[0]);
    }

    /// <summary>Scripts treat the two levels alike: the same exit code for a good, a damaged, a truncated and a non-image.</summary>
    [Fact]
    public void QuickExitsWithTheCodesOfAFullCheck()
    {
        var good = TestImage.Write(_scratch.File("good.snap"));
        var flipped = TestImage.Write(_scratch.File("flipped.snap"));
        ImageDamage.FlipBitInFirstChunk(flipped);
        var truncated = TestImage.Write(_scratch.File("truncated.snap"));
        ImageDamage.Truncate(truncated, new FileInfo(truncated).Length / 2);
        var text = _scratch.File("text.snap");
        File.WriteAllText(text, "not an image, but long enough to have a header's worth of bytes in it, surely");

        foreach ((string image, int expected) in new[]
                 {
                     (good, ExitCodes.Success), (flipped, ExitCodes.ProblemsFound), (truncated, ExitCodes.ProblemsFound),
                     (text, ExitCodes.Trouble), (_scratch.File("missing.snap"), ExitCodes.Trouble),
                 })
        {
            Assert.Equal(expected, ToolRunner.Run("snapcheck", image).ExitCode);
            Assert.Equal(expected, ToolRunner.Run("snapcheck", image, "--quick").ExitCode);
        }
    }

    [Fact]
    public void AnyNumberOfThreadsGivesTheSameReport()
    {
        var image = TestImage.Write(_scratch.File("flipped.snap"), randomHeapPages: 200);
        ImageDamage.FlipBitInFirstChunk(image);

        var one = ToolRunner.Run("snapcheck", image, "--threads", "1", "--json");
        var three = ToolRunner.Run("snapcheck", image, "--threads", "3", "--json");
        var all = ToolRunner.Run("snapcheck", image, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, one.ExitCode);
        Assert.Equal(one.Stdout, three.Stdout);
        Assert.Equal(one.Stdout, all.Stdout);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1025")]
    [InlineData("many")]
    public void AnImpossibleNumberOfThreadsIsAUsageError(string threads)
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapcheck", image, "--threads", threads);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("--threads", result.Stderr, StringComparison.Ordinal);
    }
}
