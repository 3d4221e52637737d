using System.Text.Json;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Info;

public sealed class SnapInfoTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Text()
    {
        // Two heap chunks: the section table folds an area's chunks into one row unless --pages is given.
        var image = TestImage.Write(_scratch.File("image.snap"), randomHeapPages: 70);

        var result = ToolRunner.Run("snapinfo", image);

        ToolAssert.Succeeded(result);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void Json()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));

        var result = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void PagesListsEveryChunk()
    {
        var image = TestImage.Write(_scratch.File("image.snap"), randomHeapPages: 70);

        var text = ToolRunner.Run("snapinfo", image, "--pages");
        var json = ToolRunner.Run("snapinfo", image, "--pages", "--json");

        ToolAssert.Succeeded(text);
        ToolAssert.Succeeded(json);
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

        ToolAssert.Succeeded(text);
        ToolAssert.Succeeded(json);
        Assert.Contains("unknown build", text.Stdout, StringComparison.Ordinal);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        Approvals.Verify(text.Stdout);
    }

    [Fact]
    public void UnknownCompatibleFeatureIsShownAndMarkedUnknown()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));
        ImageDamage.SetUnknownCompatibleFeature(image, 5);

        var result = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        using var json = JsonDocument.Parse(result.Stdout);
        var features = json.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("bit").GetInt32()} {f.GetProperty("name")} {f.GetProperty("known").GetBoolean()}");
        Assert.Equal(["incompatible 0 zstd True", "incompatible 3 chunk-references True", "compatible 5  False", "autoclear 1 summary True"], features);
    }

    [Fact]
    public void ThreadThatTheProfileCannotDecodeIsShownAsHexWithTheReason()
    {
        var image = TestImage.Write(_scratch.File("image.snap"), badStopSite: true);

        var text = ToolRunner.Run("snapinfo", image);
        var json = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(text);
        ToolAssert.Succeeded(json);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        Assert.Contains("Stop site  preempt at 0xffffffff80104a20", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Not decoded", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("ad0b1080ffffffff", text.Stdout, StringComparison.Ordinal); // the bogus address, little-endian
        using var document = JsonDocument.Parse(json.Stdout);
        var threads = document.RootElement.GetProperty("tasks")[0].GetProperty("threads");
        Assert.Equal(JsonValueKind.Null, threads[0].GetProperty("decodeError").ValueKind);
        Assert.Equal(JsonValueKind.String, threads[1].GetProperty("decodeError").ValueKind);
        Assert.Equal(JsonValueKind.Null, threads[1].GetProperty("registers").ValueKind);
    }

    [Fact]
    public void StandardInputShowsTheSameImage()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));
        using var pipe = new NonSeekableStream(File.ReadAllBytes(image));

        var result = ToolRunner.Run(["snapinfo", "-"], pipe);

        ToolAssert.Succeeded(result);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void StandardInputJsonConformsToTheSchema()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));
        using var pipe = new NonSeekableStream(File.ReadAllBytes(image));

        var result = ToolRunner.Run(["snapinfo", "-", "--json", "--pages"], pipe);

        ToolAssert.Succeeded(result);
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
    public void TerminalOutputUsesBoxDrawingAndShowsTheSameFacts()
    {
        var image = TestImage.Write(_scratch.File("image.snap"));
        var stdout = new StringWriter();

        var exitCode = ToolHost.Run(["snapinfo", image], stdout, TextWriter.Null, stderrIsTerminal: true, stdoutIsTerminal: true);

        Assert.Equal(ExitCodes.Success, exitCode);
        var text = stdout.ToString();
        Assert.Contains("\u2500", text, StringComparison.Ordinal); // a box-drawing horizontal line
        Assert.Contains("syscall_restart at 0xffffffff80107c58", text, StringComparison.Ordinal);
        Assert.Contains("futex_wait", text, StringComparison.Ordinal);
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
}
