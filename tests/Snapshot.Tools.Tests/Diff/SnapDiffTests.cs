using System.Text.Json;
using Snapshot.Format;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Diff;

public sealed class SnapDiffTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Image(string name) => KernelImages.CopyTo(_scratch.Path, name);

    [Fact]
    public void TwoMomentsOfTheSieveText()
    {
        var result = ToolRunner.Run("snapdiff", Image(KernelImages.SieveEarly), Image(KernelImages.SieveLate));

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void TwoMomentsOfProdconsText()
    {
        var result = ToolRunner.Run("snapdiff", Image(KernelImages.ProdconsEarly), Image(KernelImages.ProdconsLate));

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Contains("Task 1 thread 4: added", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Task 1 area 7 stack 0x7ffefffbd000-0x7ffefffcd000 rw- stack: added", result.Stdout, StringComparison.Ordinal);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void TwoMomentsOfProdconsJson()
    {
        var result = ToolRunner.Run("snapdiff", Image(KernelImages.ProdconsEarly), Image(KernelImages.ProdconsLate), "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Schema.AssertConforms("snapdiff.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void TheSameMomentTwiceIsTheSameAndNoChunkIsRead()
    {
        var a = Image(KernelImages.SieveEarly);
        var b = Image(KernelImages.SieveEarlyAgain);

        var text = ToolRunner.Run("snapdiff", a, b);
        var json = ToolRunner.Run("snapdiff", a, b, "--json");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Empty(text.Stderr);
        Assert.Contains("The images are the same", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Schema.AssertConforms("snapdiff.schema.json", json.Stdout);
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        Assert.False(root.GetProperty("different").GetBoolean());
        var chunks = root.GetProperty("summary").GetProperty("chunks");
        Assert.Equal(0, chunks.GetProperty("read").GetInt64());
        Assert.Equal(chunks.GetProperty("chunksA").GetInt64(), chunks.GetProperty("identical").GetInt64());
    }

    [Fact]
    public void AnImageComparedWithItselfIsTheSame()
    {
        var a = Image(KernelImages.ProdconsLate);

        Assert.Equal(ExitCodes.Success, ToolRunner.Run("snapdiff", a, a, "--quiet").ExitCode);
    }

    [Theory]
    [InlineData(KernelImages.SieveEarly, KernelImages.SieveLate, ExitCodes.ProblemsFound)]
    [InlineData(KernelImages.SieveEarly, KernelImages.SieveEarlyAgain, ExitCodes.Success)]
    public void QuietPrintsNothingAndAnswersByExitCode(string a, string b, int expected)
    {
        var result = ToolRunner.Run("snapdiff", Image(a), Image(b), "--quiet");

        Assert.Equal(expected, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void AnUnknownBuildIsComparedRawAndSaysSo()
    {
        var known = TestImage.Write(_scratch.File("known.snap"));
        var unknown = TestImage.Write(_scratch.File("unknown.snap"), unknownBuild: true);

        var result = ToolRunner.Run("snapdiff", known, unknown);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Contains("raw: a build is unknown", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("B           spartan 9.9.0-dev (sim64, build ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("), unknown build (no profile)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("The images differ: build differs", result.Stdout, StringComparison.Ordinal);
        // Byte for byte, the same kernel structures are equal: only the build stamp differs.
        Assert.DoesNotContain("kernel_stack[", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    public void AMissingFileIsTroubleNamingIt(string which)
    {
        var present = Image(KernelImages.SieveEarly);
        var missing = _scratch.File("missing.snap");

        var result = which == "a" ? ToolRunner.Run("snapdiff", missing, present) : ToolRunner.Run("snapdiff", present, missing);

        AssertTrouble(result, $"snapdiff: {missing}: no such file");
    }

    [Fact]
    public void NotAnImageIsTroubleNamingTheFileSectionAndOffset()
    {
        var notes = _scratch.File("notes.txt");
        File.WriteAllText(notes, "these are not the bytes of a snapshot image, but they are long enough for a header to be read");

        var result = ToolRunner.Run("snapdiff", Image(KernelImages.SieveEarly), notes);

        AssertTrouble(result, $"snapdiff: {notes}: header at offset 0x");
    }

    [Fact]
    public void ATruncatedImageIsTroubleNamingTheFileSectionAndOffset()
    {
        var truncated = Image(KernelImages.SieveLate);
        ImageDamage.Truncate(truncated, new FileInfo(truncated).Length - 100);

        var result = ToolRunner.Run("snapdiff", truncated, Image(KernelImages.SieveEarly));

        AssertTrouble(result, $"snapdiff: {truncated}: footer at offset 0x");
    }

    [Fact]
    public void ADamagedChunkThatMustBeReadIsTroubleNamingTheFileSectionAndOffset()
    {
        var damaged = Image(KernelImages.SieveLate);
        IndexEntry heapChunk;
        using (var reader = ImageReader.Open(damaged))
        {
            // The heap's chunk differs between the two moments, so the diff has to read it.
            heapChunk = reader.Index.Single(e => e.Type == SectionType.MemoryChunk && e.AreaId == 4);
        }

        ImageDamage.FlipBit(damaged, heapChunk.Offset + 32 + heapChunk.PayloadLength - 1, bit: 2);

        var result = ToolRunner.Run("snapdiff", Image(KernelImages.SieveEarly), damaged, "--json");

        AssertTrouble(result, $"snapdiff: {damaged}: section MEMCHUNK at offset 0x{heapChunk.Offset:x}: ");
    }

    [Fact]
    public void StandardInputIsAUsageError()
    {
        var result = ToolRunner.Run("snapdiff", "-", Image(KernelImages.SieveEarly));

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("standard input (-) cannot be read with random access", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryIsTrouble()
    {
        var result = ToolRunner.Run("snapdiff", _scratch.Path, Image(KernelImages.SieveEarly));

        AssertTrouble(result, $"snapdiff: {_scratch.Path}: is a directory");
    }

    [Fact]
    public void ProgressOnATerminalLeavesStandardOutputAlone()
    {
        string[] args = ["snapdiff", Image(KernelImages.ProdconsEarly), Image(KernelImages.ProdconsLate), "--json"];

        var plain = ToolRunner.Run(args, stdin: null, stderrIsTerminal: false);
        var terminal = ToolRunner.Run(args, stdin: null, stderrIsTerminal: true);

        Assert.Empty(plain.Stderr);
        Assert.Equal(ExitCodes.ProblemsFound, terminal.ExitCode);
        Assert.Equal(plain.Stdout, terminal.Stdout);
    }

    private static void AssertTrouble(ToolResult result, string stderrStart)
    {
        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith(stderrStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Snapshot.", result.Stderr, StringComparison.Ordinal);
    }
}
