using System.Text.Json.Nodes;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Chains;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Conv;

/// <summary>snapconv of incremental images: a child decodes and encodes back to itself, next to or away from its ancestors.</summary>
public sealed class SnapConvChildTests
{
    private static string Child(TempDirectory directory)
    {
        string a = TestImage.Write(directory.File("a.snap"));
        string b = ChainImage.WriteChild(a, directory.File("b.snap"), 0x5B);
        return ChainImage.WriteChild(b, directory.File("c.snap"), 0x5C);
    }

    [Fact]
    public void AChildRoundTripsByteForByteEvenWhereItsAncestorsAreNot()
    {
        using var directory = new TempDirectory();
        string child = Child(directory);
        string json = directory.File("c.json");
        using var elsewhere = new TempDirectory();
        string image = elsewhere.File("c.snap");

        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", child, "-o", json));
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "encode", json, "-o", image));

        Assert.Equal(File.ReadAllBytes(child), File.ReadAllBytes(image));
        JsonArray ancestors = JsonNode.Parse(File.ReadAllText(json))!["sections"]![0]!["ancestors"]!.AsArray();
        Assert.Equal(["b.snap", "a.snap"], ancestors.Select(a => (string?)a!["fileName"]));
    }

    [Fact]
    public void TheDocumentOfAChildConformsToTheSchema()
    {
        using var directory = new TempDirectory();

        var result = ToolRunner.Run("snapconv", "decode", Child(directory));

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapconv.schema.json", result.Stdout);
    }

    [Fact]
    public void AHostileParentsListIsRefusedOnOneLineNamingItsPath()
    {
        using var directory = new TempDirectory();
        string json = directory.File("c.json");
        string image = directory.File("out.snap");
        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "decode", Child(directory), "-o", json));
        JsonNode tree = JsonNode.Parse(File.ReadAllText(json))!;
        tree["sections"]![0]!["ancestors"]![1]!["imageId"] = new string('0', 64);
        File.WriteAllText(json, tree.ToJsonString());

        var result = ToolRunner.Run("snapconv", "encode", json, "-o", image);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.StartsWith($"snapconv: {json}: $.sections[0].ancestors[1].imageId: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(image));
    }
}
