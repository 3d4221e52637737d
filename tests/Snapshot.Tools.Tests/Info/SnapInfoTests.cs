using Snapshot.Format;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Info;

public sealed class SnapInfoTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Text()
    {
        // Two heap chunks: the section table folds an area's chunks into one row unless --pages is given.
        var image = TestImage.Write(_scratch.File("image.snap"), randomHeapPages: 70);

        var result = ToolRunner.Run("snapinfo", image);

        AssertSucceeded(result);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void Json()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapinfo", image, "--json");

        AssertSucceeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void PagesListsEveryChunk()
    {
        var image = TestImage.Write(_scratch.File("image.snap"), randomHeapPages: 70);

        var text = ToolRunner.Run("snapinfo", image, "--pages");
        var json = ToolRunner.Run("snapinfo", image, "--pages", "--json");

        AssertSucceeded(text);
        AssertSucceeded(json);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        Approvals.Verify(text.Stdout, name: "text");
        Approvals.Verify(json.Stdout, name: "json");
    }

    [Fact]
    public void UnknownBuildShowsBuildIndependentFactsAndBlobsAsHex()
    {
        var image = TestImage.Write(_scratch.File("unknown-build.snap"), unknownBuild: true);

        var text = ToolRunner.Run("snapinfo", image);
        var json = ToolRunner.Run("snapinfo", image, "--json");

        AssertSucceeded(text);
        AssertSucceeded(json);
        Assert.Contains("unknown build", text.Stdout, StringComparison.Ordinal);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        Approvals.Verify(text.Stdout);
    }

    [Fact]
    public void StandardInputShowsTheSameImage()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));
        using var pipe = new NonSeekableStream(File.ReadAllBytes(image));

        var result = ToolRunner.Run(["snapinfo", "-"], pipe);

        AssertSucceeded(result);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void StandardInputJsonConformsToTheSchema()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));
        using var pipe = new NonSeekableStream(File.ReadAllBytes(image));

        var result = ToolRunner.Run(["snapinfo", "-", "--json", "--pages"], pipe);

        AssertSucceeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        Assert.Contains("\"source\": \"stdin\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardInputThatIsNotAnImageIsOneLine()
    {
        using var pipe = new NonSeekableStream("not an image, just text\n"u8.ToArray());

        var result = ToolRunner.Run(["snapinfo", "-"], pipe);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("snapinfo: -: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsOnlyHeaderIndexAndMetadata()
    {
        // About 5 MiB of incompressible pages: reading any of them would show at once.
        var image = TestImage.Write(_scratch.File("large.snap"), randomHeapPages: 1280);
        var tool = new SnapInfoTool(new ToolContext(TextWriter.Null, TextWriter.Null));

        var exitCode = tool.Run([image]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.True(new FileInfo(image).Length > 5_000_000, "the image should hold several MiB of pages");
        Assert.NotNull(tool.BytesRead);
        Assert.InRange(tool.BytesRead.Value, 1, 16 * 1024);
    }

    [Fact]
    public void HelpNamesTheTool()
    {
        var result = ToolRunner.Run("snapinfo", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("snapinfo <image> [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--pages", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snapinfo")]
    [InlineData("snapinfo a.snap --no-such-option")]
    [InlineData("snapinfo a.snap b.snap")]
    [InlineData("snapinfo --jsn")]
    [InlineData("snapcheck -")]
    [InlineData("snapcheck")]
    public void UsageErrorsExitTwo(string commandLine)
    {
        var result = ToolRunner.Run(commandLine.Split(' '));

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        var tool = commandLine.Split(' ')[0];
        Assert.StartsWith($"{tool}: ", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith($"Try '{tool} --help' for more information.\n", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertSucceeded(ToolResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Success, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Empty(result.Stderr);
    }
}
