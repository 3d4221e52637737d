using Snapshot.Format;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Check;

public sealed class SnapCheckTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void ValidImageExitsZero()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapcheck", image);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void ValidImageJson()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapcheck", image, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Schema.AssertConforms("snapcheck.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void FlippedBitInPageDataIsAProblemWithSectionAndOffset()
    {
        var image = TestImage.Write(_scratch.File("flipped.snap"));
        var chunkOffset = ImageDamage.FlipBitInFirstChunk(image);

        var result = ToolRunner.Run("snapcheck", image);
        var json = ToolRunner.Run("snapcheck", image, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.StartsWith($"MEMCHUNK at 0x{chunkOffset:x}: ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ProblemsFound, json.ExitCode);
        Schema.AssertConforms("snapcheck.schema.json", json.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void DamagedMetadataIsAProblemWithSectionAndOffset()
    {
        var image = TestImage.Write(_scratch.File("damaged.snap"));
        var taskOffset = ImageDamage.FlipBitInFirstSection(image, SectionType.Task);

        var result = ToolRunner.Run("snapcheck", image);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Contains($"TASK at 0x{taskOffset:x}: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKernelBuildIsAProblem()
    {
        var image = TestImage.Write(_scratch.File("unknown-build.snap"), unknownBuild: true);

        var result = ToolRunner.Run("snapcheck", image);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void TruncatedImageWithReadableHeaderIsProblemsFound()
    {
        var image = TestImage.Write(_scratch.File("truncated.snap"));
        ImageDamage.Truncate(image, new FileInfo(image).Length / 2);

        var result = ToolRunner.Run("snapcheck", image);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Contains("problem", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NoProgressWhenStandardErrorIsNotATerminal()
    {
        var image = TestImage.Write(_scratch.File("image.snap"), randomHeapPages: 200);

        var result = ToolRunner.Run(["snapcheck", image], stdin: null, stderrIsTerminal: false);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void ProgressOnATerminalLeavesStandardOutputAlone()
    {
        var image = TestImage.Write(_scratch.File("image.snap"), randomHeapPages: 200);

        var plain = ToolRunner.Run(["snapcheck", image, "--json"], stdin: null, stderrIsTerminal: false);
        var terminal = ToolRunner.Run(["snapcheck", image, "--json"], stdin: null, stderrIsTerminal: true);

        Assert.Equal(ExitCodes.Success, terminal.ExitCode);
        Assert.Equal(plain.Stdout, terminal.Stdout);
        Assert.NotEmpty(terminal.Stderr);
    }
}
