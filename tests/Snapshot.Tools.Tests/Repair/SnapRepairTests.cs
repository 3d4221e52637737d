using Snapshot.Format;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Repair;

public sealed class SnapRepairTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Output => _scratch.File("repaired.snap");

    [Fact]
    public void LostChunkAndFooterText()
    {
        var image = DamagedChunkWithoutFooter();
        var before = image.Sha256();

        var result = ToolRunner.Run("snaprepair", image.Path, "-o", Output);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Equal(before, image.Sha256());
        using (var reader = ImageReader.Open(Output))
        {
            Assert.NotNull(reader.ReadMetadata().Repair);
        }

        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void LostChunkAndFooterJson()
    {
        var image = DamagedChunkWithoutFooter();

        var result = ToolRunner.Run("snaprepair", image.Path, "-o", Output, "--json", "--zero-damaged");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Schema.AssertConforms("snaprepair.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void LostIndexLosesNothing()
    {
        var image = new FixtureCopy("sleeper.snap", _scratch.File("sleeper.snap"));
        image.Damage("lost index");

        var result = ToolRunner.Run("snaprepair", image.Path, "-o", Output);
        var json = ToolRunner.Run("snaprepair", image.Path, "--dry-run", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path("sleeper.snap")), File.ReadAllBytes(Output));
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Schema.AssertConforms("snaprepair.schema.json", json.Stdout);
        Assert.Contains("\"outcome\": \"nothing-lost\"", json.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void TheOnlyTaskWithoutAThreadCannotBeRepaired()
    {
        var image = new FixtureCopy("prodcons.snap", _scratch.File("prodcons.snap"));
        var thread = image.Sections.Where(s => s.Type == SectionType.Thread).ElementAt(1);
        image.FlipPayloadBit(thread);

        var result = ToolRunner.Run("snaprepair", image.Path, "-o", Output);
        var json = ToolRunner.Run("snaprepair", image.Path, "-o", Output, "--json");

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"snaprepair: {image.Path}: cannot repair: section THREAD at offset 0x{thread.Offset:x}: task 1 cannot be restored: ", line);
        Assert.False(File.Exists(Output));
        Assert.Equal(ExitCodes.Trouble, json.ExitCode);
        Schema.AssertConforms("snaprepair.schema.json", json.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void ASharedAreaWithoutExternalStateIsRefusedNotACrash()
    {
        // The fuzz input (tests/fixtures/fuzz-regressions) that made snaprepair exit 70: sieve with an area's
        // backing flipped to shared, CRCs resealed, in an image without external state.
        string input = Path.Combine(Snapshot.Testing.Locations.RepositoryRoot.Find(), "tests", "fixtures", "fuzz-regressions", "a556320b2dca77b7.snap");

        var result = ToolRunner.Run("snaprepair", input, "-o", Output);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"snaprepair: {input}: cannot repair: section AREAS at offset 0x", line);
        Assert.Contains("is shared, but the image has no external state", line);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void DamagedHeaderNeedsTheBuild()
    {
        var image = new FixtureCopy("ckpt.snap", _scratch.File("ckpt.snap"));
        image.FlipBit(0x40, 1); // inside the build id

        var refused = ToolRunner.Run("snaprepair", image.Path, "-o", Output);
        var repaired = ToolRunner.Run("snaprepair", image.Path, "-o", Output, "--build", "spartan-0.4");

        Assert.Equal(ExitCodes.Trouble, refused.ExitCode);
        Assert.Contains("name the build with --build NAME (built-in builds: spartan-0.4, spartan-0.5, spartan-0.6)", Assert.Single(refused.StderrLines));
        Assert.Equal(ExitCodes.ProblemsFound, repaired.ExitCode);
        Approvals.Verify(repaired.Stdout);
    }

    [Fact]
    public void TruncatedImageText()
    {
        var image = new FixtureCopy("sieve.snap", _scratch.File("sieve.snap"));
        var last = image.Sections[^1];
        image.Truncate((int)(last.Offset + 32 + last.PayloadLength / 2));

        var result = ToolRunner.Run("snaprepair", image.Path, "-o", Output);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Approvals.Verify(result.Stdout);
    }

    [Theory]
    [InlineData("missing -o", "option '--output' (-o OUT) is required unless --dry-run is given")]
    [InlineData("same file", "is the input: snaprepair never overwrites the damaged image")]
    [InlineData("missing input", "no such file")]
    [InlineData("directory output", "is a directory")]
    [InlineData("no output directory", "no such directory")]
    public void BadCommandLinesExitTwoWithOneLine(string what, string message)
    {
        var image = new FixtureCopy("ckpt.snap", _scratch.File("ckpt.snap"));
        string[] args = what switch
        {
            "missing -o" => ["snaprepair", image.Path],
            "same file" => ["snaprepair", image.Path, "-o", Path.Combine(_scratch.Path, ".", "ckpt.snap")],
            "missing input" => ["snaprepair", _scratch.File("absent.snap"), "-o", Output],
            "directory output" => ["snaprepair", image.Path, "-o", _scratch.Path],
            _ => ["snaprepair", image.Path, "-o", _scratch.File("no/such/dir/out.snap")],
        };
        var before = image.Sha256();

        var result = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains(message, result.StderrLines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal(before, image.Sha256());
        Assert.Single(Directory.GetFiles(_scratch.Path));
    }

    [Fact]
    public void DryRunWritesNothing()
    {
        var image = DamagedChunkWithoutFooter();

        var result = ToolRunner.Run("snaprepair", image.Path, "--dry-run");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains("dry run: nothing written", result.Stdout);
        Assert.Single(Directory.GetFiles(_scratch.Path));
    }

    [Fact]
    public void ProgressIsDrawnOnlyOnATerminalAndChangesNoResult()
    {
        var image = DamagedChunkWithoutFooter();

        var redirected = ToolRunner.Run(["snaprepair", image.Path, "--dry-run"], stdin: null, stderrIsTerminal: false);
        var terminal = ToolRunner.Run(["snaprepair", image.Path, "--dry-run"], stdin: null, stderrIsTerminal: true);

        Assert.Empty(redirected.Stderr);
        Assert.Equal(ExitCodes.ProblemsFound, terminal.ExitCode);
        Assert.Equal(redirected.Stdout, terminal.Stdout);
    }

    private FixtureCopy DamagedChunkWithoutFooter()
    {
        var image = new FixtureCopy("prodcons.snap", _scratch.File("prodcons.snap"));
        image.FlipPayloadBit(image.Sections.Where(s => s.Type == SectionType.MemoryChunk).ElementAt(3));
        image.Damage("lost footer");
        return image;
    }
}
