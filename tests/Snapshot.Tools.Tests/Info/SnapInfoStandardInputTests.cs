using System.Text.Json.Nodes;
using FixtureFiles = Snapshot.Testing.Locations.Fixtures;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Info;

/// <summary>
/// <c>snapinfo -</c> shows what <c>snapinfo FILE</c> shows: the stream reader reports each section's frame as it
/// passes, so versions, flags, offsets, lengths and CRCs are known without an index to seek to.
/// </summary>
public sealed class SnapInfoStandardInputTests
{
    [Theory]
    [InlineData("prodcons.snap", false)]
    [InlineData("prodcons.snap", true)]
    [InlineData("sieve.snap", true)]
    [InlineData("repaired-prodcons.snap", false)]
    [InlineData("repaired-prodcons.snap", true)]
    public void TextIsTheSameAsFromTheFileButForTheFileLines(string fixture, bool listChunks)
    {
        var path = FixtureFiles.Path(fixture);
        var options = listChunks ? new[] { "--pages" } : Array.Empty<string>();
        using var pipe = new NonSeekableStream(File.ReadAllBytes(path));

        var fromFile = ToolRunner.Run(["snapinfo", path, .. options]);
        var fromPipe = ToolRunner.Run(["snapinfo", "-", .. options], pipe);

        ToolAssert.Succeeded(fromFile);
        ToolAssert.Succeeded(fromPipe);
        Assert.Equal($"Image         {path}", FirstLine(fromFile.Stdout));
        Assert.Equal("Image         - (standard input)", FirstLine(fromPipe.Stdout));
        Assert.Equal(WithoutFileLines(fromFile.Stdout), WithoutFileLines(fromPipe.Stdout));
        Assert.DoesNotContain("|      - |      - |", fromPipe.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ckpt.snap")]
    [InlineData("repaired-prodcons.snap")]
    public void JsonIsTheSameAsFromTheFileButForTheFileProperties(string fixture)
    {
        var path = FixtureFiles.Path(fixture);
        using var pipe = new NonSeekableStream(File.ReadAllBytes(path));

        var fromFile = ToolRunner.Run("snapinfo", path, "--json", "--pages");
        var fromPipe = ToolRunner.Run(["snapinfo", "-", "--json", "--pages"], pipe);

        ToolAssert.Succeeded(fromPipe);
        Schema.AssertConforms("snapinfo.schema.json", fromPipe.Stdout);
        Assert.Equal(WithoutFileProperties(fromFile.Stdout), WithoutFileProperties(fromPipe.Stdout));
    }

    [Fact]
    public void DeduplicatedImageFromAPipeIsShownAsFromTheFile()
    {
        // Repetitive runs are stored once: the image holds CHUNKREFs, whose pages a pipe cannot hand out again.
        using var temp = new TempDirectory();
        var path = MixedImage.Write(temp.File("mixed.snap"), megabytes: 2);
        using var pipe = new NonSeekableStream(File.ReadAllBytes(path));

        var fromFile = ToolRunner.Run("snapinfo", path, "--pages");
        var fromPipe = ToolRunner.Run(["snapinfo", "-", "--pages"], pipe);

        ToolAssert.Succeeded(fromPipe);
        Assert.Contains("CHUNKREF", fromFile.Stdout, StringComparison.Ordinal);
        Assert.Equal(WithoutFileLines(fromFile.Stdout), WithoutFileLines(fromPipe.Stdout));
    }

    [Fact]
    public void SignedImageFromAPipeIsShownAsSignedWithoutItsKey()
    {
        var path = FixtureFiles.Path("signed-ckpt.snap");
        using var pipe = new NonSeekableStream(File.ReadAllBytes(path));
        using var jsonPipe = new NonSeekableStream(File.ReadAllBytes(path));

        var text = ToolRunner.Run(["snapinfo", "-"], pipe);
        var json = ToolRunner.Run(["snapinfo", "-", "--json"], jsonPipe);

        ToolAssert.Succeeded(text);
        ToolAssert.Succeeded(json);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        Assert.Contains("Signature     signed, not verified (snapcheck --verify-key verifies)", text.Stdout, StringComparison.Ordinal);
        var signature = JsonNode.Parse(json.Stdout)!["signature"]!;
        Assert.Equal("unverified", (string?)signature["status"]);
        Assert.Null(signature["algorithm"]);
        Assert.Null(signature["keyId"]);
        Assert.Matches("^0x[0-9a-f]+$", (string?)signature["offset"]);
    }

    private static string FirstLine(string text) => text[..text.IndexOf('\n', StringComparison.Ordinal)];

    private static string WithoutFileLines(string text) => string.Join('\n', text.Split('\n')
        .Where(line => !line.StartsWith("Image ", StringComparison.Ordinal) && !line.StartsWith("File size ", StringComparison.Ordinal)));

    private static string WithoutFileProperties(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("image");
        document.Remove("source");
        document.Remove("fileSize");
        return document.ToJsonString();
    }
}
