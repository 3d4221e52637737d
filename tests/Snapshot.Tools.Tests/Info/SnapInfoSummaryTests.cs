using Snapshot.Format;
using Snapshot.Format.Summary;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Info;

/// <summary>snapinfo through the SUMMARY section (format 1.3): under a MiB read from a large image, and the same output as through the index.</summary>
public sealed class SnapInfoSummaryTests : IClassFixture<SnapInfoSummaryTests.LargeImage>
{
    private readonly LargeImage _image;

    public SnapInfoSummaryTests(LargeImage image) => _image = image;

    [Fact]
    public void LargeImageIsReadThroughItsSummaryInUnderOneMiB()
    {
        var tool = new SnapInfoTool(new ToolContext(TextWriter.Null, TextWriter.Null));

        var exitCode = tool.Run([_image.Path]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(SummarySource.Summary, tool.Source);
        using var reader = ImageReader.Open(_image.Path);
        var indexBytes = reader.Index.Count * 88L;
        Assert.True(indexBytes > 512 * 1024, $"the index ({indexBytes} bytes) should be large enough to notice");
        Assert.NotNull(tool.BytesRead);
        Assert.InRange(tool.BytesRead.Value, 1, 1024 * 1024 - 1);
        Assert.True(tool.BytesRead.Value < indexBytes / 10, $"{tool.BytesRead} bytes read; the index alone is {indexBytes}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputThroughTheSummaryEqualsOutputThroughTheIndex(bool json)
    {
        string[] args = json ? [_image.Path, "--json"] : [_image.Path];

        var (summaryOutput, summarySource) = Run(args, useSummary: true);
        var (indexOutput, indexSource) = Run(args, useSummary: false);

        Assert.Equal(SummarySource.Summary, summarySource);
        Assert.Equal(SummarySource.Index, indexSource);
        Assert.Equal(indexOutput, summaryOutput);
        // Runs of identical pages are stored once: the references must be counted the same both ways.
        if (json)
        {
            Schema.AssertConforms("snapinfo.schema.json", summaryOutput);
            Assert.Matches("\"references\": [1-9]", summaryOutput);
        }
        else
        {
            Assert.Contains("CHUNKREF x", summaryOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PagesReadTheIndexAndAgreeOnTheTotals()
    {
        using var scratch = new TempDirectory();
        var image = MixedImage.Write(scratch.File("small.snap"), megabytes: 2);

        var (pages, source) = Run([image, "--pages", "--json"], useSummary: true);
        var (plain, plainSource) = Run([image, "--json"], useSummary: true);

        Assert.Equal(SummarySource.Index, source);
        Assert.Equal(SummarySource.Summary, plainSource);
        Schema.AssertConforms("snapinfo.schema.json", pages);
        using var withChunks = System.Text.Json.JsonDocument.Parse(pages);
        using var without = System.Text.Json.JsonDocument.Parse(plain);
        var heap = withChunks.RootElement.GetProperty("tasks")[0].GetProperty("areas")[1];
        var summed = heap.GetProperty("chunkList").EnumerateArray().Sum(chunk => chunk.GetProperty("pagesResident").GetInt64());
        Assert.Equal(without.RootElement.GetProperty("tasks")[0].GetProperty("memory").GetRawText(),
            withChunks.RootElement.GetProperty("tasks")[0].GetProperty("memory").GetRawText());
        Assert.Equal(heap.GetProperty("pagesResident").GetInt64(), summed);
    }

    [Fact]
    public void ImageWithoutASummaryShowsTheSameThroughItsIndex()
    {
        using var scratch = new TempDirectory();
        var old = MixedImage.Write(scratch.File("old.snap"), megabytes: 1,
            new ImageWriterOptions { PagesPerChunk = 1, Compatibility = FormatVersion.V1_2 });

        var (output, source) = Run([old, "--json"], useSummary: true);

        Assert.Equal(SummarySource.Index, source);
        Schema.AssertConforms("snapinfo.schema.json", output);
        Assert.DoesNotContain("SUMMARY", output, StringComparison.Ordinal);
    }

    private static (string Output, SummarySource? Source) Run(string[] args, bool useSummary)
    {
        var stdout = new StringWriter();
        var tool = new SnapInfoTool(new ToolContext(stdout, TextWriter.Null)) { UseSummary = useSummary };
        Assert.Equal(ExitCodes.Success, tool.Run(args));
        return (stdout.ToString(), tool.Source);
    }

    /// <summary>One 64 MiB image for the whole class: writing it is the slow part.</summary>
    public sealed class LargeImage : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public LargeImage() => Path = MixedImage.Write(_directory.File("mixed-64m.snap"), megabytes: 64);

        public string Path { get; }

        public void Dispose() => _directory.Dispose();
    }
}
