using System.Text.Json.Nodes;
using Snapshot.Format;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;
using FixtureFiles = Snapshot.Testing.Locations.Fixtures;

namespace Snapshot.Tools.Tests.Conv;

/// <summary>snapconv end to end: decode and encode through the command line, edits seen by snapinfo, one-line refusals.</summary>
public sealed class SnapConvToolTests
{
    public static TheoryData<string> FixtureNames() => [.. FixtureFiles.Names()];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void DecodeThenEncodeGivesTheFixtureBackByteForByte(string fixture)
    {
        using var directory = new TempDirectory();
        string json = directory.File("image.json");
        string image = directory.File("image.snap");

        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", FixtureFiles.Path(fixture), "-o", json));
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "encode", json, "-o", image));

        Assert.Equal(File.ReadAllBytes(FixtureFiles.Path(fixture)), File.ReadAllBytes(image));
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void TheDocumentOfEveryFixtureConformsToTheSchema(string fixture)
    {
        var result = ToolRunner.Run("snapconv", "decode", FixtureFiles.Path(fixture));

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapconv.schema.json", result.Stdout);
    }

    [Fact]
    public void DecodeWithoutOutputWritesTheDocumentToStandardOutput()
    {
        using var directory = new TempDirectory();
        string json = directory.File("image.json");
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", FixtureFiles.Path("sleeper.snap"), "-o", json));

        var result = ToolRunner.Run("snapconv", "decode", FixtureFiles.Path("sleeper.snap"));

        ToolAssert.Succeeded(result);
        Assert.Equal(File.ReadAllText(json), result.Stdout);
    }

    [Fact]
    public void EncodeReadsStandardInput()
    {
        using var directory = new TempDirectory();
        var decoded = ToolRunner.Run("snapconv", "decode", FixtureFiles.Path("ckpt.snap"));
        string image = directory.File("image.snap");

        var result = ToolRunner.Run(["snapconv", "encode", "-", "-o", image], new MemoryStream(System.Text.Encoding.UTF8.GetBytes(decoded.Stdout)));

        ToolAssert.Succeeded(result);
        Assert.Equal(File.ReadAllBytes(FixtureFiles.Path("ckpt.snap")), File.ReadAllBytes(image));
    }

    [Fact]
    public void EditedRegisterIsWhatSnapinfoShows()
    {
        using var directory = new TempDirectory();
        string json = directory.File("image.json");
        string image = directory.File("edited.snap");
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", FixtureFiles.Path("ckpt.snap"), "-o", json));
        JsonNode tree = JsonNode.Parse(File.ReadAllText(json))!;
        JsonNode thread = tree["sections"]!.AsArray().First(s => (string?)s!["type"] == "THREAD")!;
        Assert.NotEqual(0x4000a8UL, (ulong)thread["kernelStack"]!["pc"]!);
        thread["kernelStack"]!["pc"] = 0x4000a8;
        File.WriteAllText(json, tree.ToJsonString());

        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "encode", json, "-o", image));
        var info = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(info);
        Assert.Contains("\"pc\": \"0x00000000004000a8\"", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedDocumentIsOneLineExitTwoAndNoOutputFile()
    {
        using var directory = new TempDirectory();
        string json = directory.File("image.json");
        string image = directory.File("image.snap");
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", FixtureFiles.Path("ckpt.snap"), "-o", json));
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"type\": \"AREAS\"", "\"type\": \"AREAZ\"", StringComparison.Ordinal));

        var result = ToolRunner.Run("snapconv", "encode", json, "-o", image);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"snapconv: {json}: $.sections[2].type: unknown section type 'AREAZ'", line, StringComparison.Ordinal);
        Assert.False(File.Exists(image));
        Assert.Empty(AtomicFile.Temporaries(image));
    }

    public static TheoryData<string, string> MalformedDocuments() => new()
    {
        { "missing field", "$.sections[0]: missing field 'killedAfter'" },
        { "wrong type", "$.sections[3].threadId: expected an unsigned integer" },
        { "hostile length", "$.sections[0].taskIds: 100000 items, more than the limit 65536" },
        { "unknown section type", "$.sections[2].type: unknown section type 'AREAZ'" },
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void EachMalformedDocumentIsOneLineNamingThePath(string problem, string expected)
    {
        using var directory = new TempDirectory();
        string json = directory.File("image.json");
        string image = directory.File("image.snap");
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", FixtureFiles.Path("ckpt.snap"), "-o", json));
        JsonNode tree = JsonNode.Parse(File.ReadAllText(json))!;
        JsonArray sections = tree["sections"]!.AsArray();
        switch (problem)
        {
            case "missing field": sections[0]!.AsObject().Remove("killedAfter"); break;
            case "wrong type": sections[3]!["threadId"] = "one"; break;
            case "hostile length": sections[0]!["taskIds"] = new JsonArray([.. Enumerable.Repeat<JsonNode?>(null, 100_000)]); break;
            default: sections[2]!["type"] = "AREAZ"; break;
        }
        File.WriteAllText(json, tree.ToJsonString());

        var result = ToolRunner.Run("snapconv", "encode", json, "-o", image);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.StartsWith($"snapconv: {json}: {expected}", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(image));
        Assert.Empty(AtomicFile.Temporaries(image));
    }

    [Fact]
    public void RefusedEncodeLeavesAnExistingOutputUntouched()
    {
        using var directory = new TempDirectory();
        string json = directory.File("image.json");
        string image = directory.File("image.snap");
        File.WriteAllText(image, "previous");
        File.WriteAllText(json, "{\"snapconv\": 1}");

        var result = ToolRunner.Run("snapconv", "encode", json, "-o", image);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Equal($"snapconv: {json}: $: missing field 'header'", Assert.Single(result.StderrLines));
        Assert.Equal("previous", File.ReadAllText(image));
    }

    [Fact]
    public void DamagedImageFailsToDecodeAsSnapcheckReportsIt()
    {
        using var directory = new TempDirectory();
        string damaged = directory.File("damaged.snap");
        string json = directory.File("image.json");
        byte[] bytes = File.ReadAllBytes(FixtureFiles.Path("ckpt.snap"));
        bytes[0x1d0 + 60] ^= 0xff;
        File.WriteAllBytes(damaged, bytes);

        var result = ToolRunner.Run("snapconv", "decode", damaged, "-o", json);
        var check = ToolRunner.Run("snapcheck", damaged);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"snapconv: {damaged}: section THREAD at offset 0x1d0: payload CRC32C mismatch", line, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ProblemsFound, check.ExitCode);
        Assert.Contains("THREAD at 0x1d0: payload CRC32C mismatch", check.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    [Theory]
    [InlineData("decode")]
    [InlineData("encode")]
    public void OutputThatIsTheInputIsRefusedAndTheInputKept(string verb)
    {
        using var directory = new TempDirectory();
        string input = directory.File("input");
        File.Copy(FixtureFiles.Path("ckpt.snap"), input);

        var result = ToolRunner.Run("snapconv", verb, input, "-o", input);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Contains("is the input", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(FixtureFiles.Path("ckpt.snap")), File.ReadAllBytes(input));
    }

    [Fact]
    public void MissingImageIsOneLine()
    {
        using var directory = new TempDirectory();

        var result = ToolRunner.Run("snapconv", "decode", directory.File("absent.snap"), "-o", directory.File("x.json"));

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Equal($"snapconv: {directory.File("absent.snap")}: no such file", Assert.Single(result.StderrLines));
    }

    [Fact]
    public void EncodeWithoutOutputIsAUsageError()
    {
        var result = ToolRunner.Run("snapconv", "encode", "image.json");

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Contains("--output", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpExplainsBothVerbs()
    {
        var result = ToolRunner.Run("snapconv", "--help");

        ToolAssert.Succeeded(result);
        Assert.Contains("decode", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("encode", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("byte for byte", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("decode")]
    [InlineData("encode")]
    public void EachVerbHasItsOwnHelp(string verb)
    {
        var result = ToolRunner.Run("snapconv", verb, "--help");

        ToolAssert.Succeeded(result);
        Assert.Contains("--output", result.Stdout, StringComparison.Ordinal);
    }
}
