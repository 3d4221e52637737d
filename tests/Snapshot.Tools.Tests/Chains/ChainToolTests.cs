using System.Text.Json.Nodes;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Chains;

/// <summary>Incremental images (format 1.3) through every tool: chains shown, checked, compared, flattened and upgraded.</summary>
public sealed class ChainToolTests
{
    private static (string Base, string Middle, string Child) Chain(TempDirectory directory)
    {
        string a = TestImage.Write(directory.File("a.snap"));
        string b = ChainImage.WriteChild(a, directory.File("b.snap"), 0x5B);
        string c = ChainImage.WriteChild(b, directory.File("c.snap"), 0x5C);
        return (a, b, c);
    }

    [Fact]
    public void SnapcheckAcceptsAChainAndFollowsEveryReference()
    {
        using var directory = new TempDirectory();
        var (_, _, child) = Chain(directory);
        using (var chain = ImageChain.Open(child))
            Assert.Contains(chain.Image.Index, entry => entry.Type == SectionType.ChunkReference);

        ToolAssert.Succeeded(ToolRunner.Run("snapcheck", child));
    }

    [Fact]
    public void SnapcheckReportsAMissingParentAsAProblemNamingIt()
    {
        using var directory = new TempDirectory();
        var (_, middle, child) = Chain(directory);
        Hash256 id = ImageId.Compute(middle);
        File.Delete(middle);

        var result = ToolRunner.Run("snapcheck", child);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains($"parent image {middle} (ancestor 1 of {child}) is missing; the child names image id {id.Short}", result.Stdout);
        Assert.Contains("PARENTS", result.Stdout);
    }

    [Fact]
    public void SnapcheckReportsAReplacedGrandparentWithBothIds()
    {
        using var directory = new TempDirectory();
        var (@base, _, child) = Chain(directory);
        Hash256 named = ImageId.Compute(@base);
        TestImage.Write(@base, randomHeapPages: 5);
        Hash256 found = ImageId.Compute(@base);

        var result = ToolRunner.Run("snapcheck", child);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains($"parent image {@base} (ancestor 2 of {child}) has image id {found.Short}, but the child names {named.Short}", result.Stdout);
    }

    [Fact]
    public void SnapinfoShowsTheChainInTextAndJson()
    {
        using var directory = new TempDirectory();
        var (@base, middle, child) = Chain(directory);

        var text = ToolRunner.Run("snapinfo", child);
        var json = ToolRunner.Run("snapinfo", child, "--json");

        ToolAssert.Succeeded(text);
        Assert.Contains($"1. b.snap (id {ImageId.Compute(middle).Short}, ok); 2. a.snap (id {ImageId.Compute(@base).Short}, ok)", text.Stdout);
        ToolAssert.Succeeded(json);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        JsonNode chain = JsonNode.Parse(json.Stdout)!["chain"]!;
        Assert.Equal("complete", (string?)chain["status"]);
        Assert.Equal(["b.snap", "a.snap"], chain["ancestors"]!.AsArray().Select(node => (string?)node!["fileName"]));
        Assert.Equal(ImageId.Compute(@base).ToString(), (string?)chain["ancestors"]![1]!["imageId"]);
    }

    [Fact]
    public void SnapinfoOfAFullImageHasNoChain()
    {
        using var directory = new TempDirectory();
        string image = TestImage.Write(directory.File("a.snap"));

        var json = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(json);
        Assert.Null(JsonNode.Parse(json.Stdout)!["chain"]);
    }

    [Fact]
    public void FlattenWritesAFullImageWithTheSamePages()
    {
        using var directory = new TempDirectory();
        var (_, _, child) = Chain(directory);
        string flat = directory.File("flat.snap");

        ToolAssert.Succeeded(ToolRunner.Run("snapconv", "flatten", child, "-o", flat));

        using (var reader = ImageReader.Open(flat))
        {
            Assert.Empty(reader.ReadMetadata().Parents);
            Assert.Equal(0UL, reader.Header.Features.Incompatible & Features.IncompatParentImage);
        }
        ToolAssert.Succeeded(ToolRunner.Run("snapcheck", flat));
        // Only the header differs (the flat image lacks the parent-image bit); every page is the same.
        var diff = ToolRunner.Run("snapdiff", child, flat);
        Assert.Equal(ExitCodes.ProblemsFound, diff.ExitCode);
        Assert.Contains("The images differ: format differs", diff.Stdout);
        string memory = diff.Stdout[diff.Stdout.IndexOf("-- memory", StringComparison.Ordinal)..];
        Assert.Equal("no differences", memory.Split('\n')[1]);
    }

    [Fact]
    public void FlattenOfAChildWithoutItsParentIsOneLineAndNoOutput()
    {
        using var directory = new TempDirectory();
        var (@base, _, child) = Chain(directory);
        File.Delete(@base);
        string flat = directory.File("flat.snap");

        var result = ToolRunner.Run("snapconv", "flatten", child, "-o", flat);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.StartsWith($"snapconv: {child}: parent image {@base} (ancestor 2 of {child}) is missing", result.Stderr);
        Assert.False(File.Exists(flat));
    }

    [Fact]
    public void SnapdiffComparesThePagesTheChainsStandFor()
    {
        using var directory = new TempDirectory();
        var (_, middle, child) = Chain(directory);

        var result = ToolRunner.Run("snapdiff", middle, child, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains("\"changed\"", result.Stdout);
    }

    [Fact]
    public void SnapupgradeKeepsTheParentsNamedFromTheOutputsDirectory()
    {
        using var directory = new TempDirectory();
        var (@base, middle, child) = Chain(directory);
        Directory.CreateDirectory(directory.File("out"));
        string upgraded = directory.File(Path.Combine("out", "c.snap"));

        ToolAssert.Succeeded(ToolRunner.Run("snapupgrade", child, "-o", upgraded, "--to", "spartan-0.5"));

        using var chain = ImageChain.Open(upgraded);
        Assert.Equal([middle, @base], chain.Parents.Select(parent => parent.FileName));
        Assert.Equal([ImageId.Compute(middle), ImageId.Compute(@base)], chain.Parents.Select(parent => parent.Id));
        ToolAssert.Succeeded(ToolRunner.Run("snapcheck", upgraded));
    }
}
