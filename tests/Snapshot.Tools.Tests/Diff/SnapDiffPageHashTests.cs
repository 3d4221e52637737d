using System.Text.Json;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>
/// snapdiff on format 1.3 images (version 2 chunks): differing chunk pairs are compared by their page hashes, and the
/// text and JSON reports say so; the report does not depend on <c>--threads</c>.
/// </summary>
public sealed class SnapDiffPageHashTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>Pages 0..127 (two chunks) in A; in B page 5 changed and page 70 removed.</summary>
    private (string A, string B) Images()
    {
        var pagesA = Enumerable.Range(0, 128).Select(p => ((ulong)p, (byte)1)).ToArray();
        var pagesB = pagesA.Where(p => p.Item1 != 70).Select(p => p.Item1 == 5 ? (p.Item1, (byte)2) : p).ToArray();
        return (LargeAreaImage.Write(_scratch.File("a.snap"), pagesA), LargeAreaImage.Write(_scratch.File("b.snap"), pagesB));
    }

    [Fact]
    public void TheTextSummarySaysWhichPairsWereComparedByPageHashes()
    {
        var (a, b) = Images();

        var result = ToolRunner.Run("snapdiff", a, b);

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Contains("  0x0000004000005000-0x0000004000005fff  changed  1 page", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  0x0000004000046000-0x0000004000046fff  removed  1 page", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith(
            "Memory compared through the index: 4 chunks, 0 pairs equal by content hash, 0 read, 4 not read\n" +
            "Compared by page hashes: 2 chunk pairs, 127 pages, nothing decompressed\n",
            result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJsonSummaryCountsPairsAndPagesComparedByHash()
    {
        var (a, b) = Images();

        var result = ToolRunner.Run("snapdiff", a, b, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Schema.AssertConforms("snapdiff.schema.json", result.Stdout);
        using var document = JsonDocument.Parse(result.Stdout);
        var chunks = document.RootElement.GetProperty("summary").GetProperty("chunks");
        Assert.Equal(2, chunks.GetProperty("pairsByPageHash").GetInt64());
        Assert.Equal(127, chunks.GetProperty("pagesComparedByHash").GetInt64());
        Assert.Equal(0, chunks.GetProperty("read").GetInt64());
        Assert.Equal(0, chunks.GetProperty("pagesCompared").GetInt64());
    }

    [Fact]
    public void TheReportIsTheSameForAnyThreadCount()
    {
        var (a, b) = Images();

        var one = ToolRunner.Run("snapdiff", a, b, "--json", "--threads", "1");
        var many = ToolRunner.Run("snapdiff", a, b, "--json", "--threads", "8");
        var all = ToolRunner.Run("snapdiff", a, b, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, one.ExitCode);
        Assert.Equal(one.Stdout, many.Stdout);
        Assert.Equal(one.Stdout, all.Stdout);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000000")]
    public void AThreadCountOutsideZeroTo1024IsAUsageError(string threads)
    {
        var (a, b) = Images();

        var result = ToolRunner.Run("snapdiff", a, b, "--threads", threads);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains($"snapdiff: --threads must be a number from 0 (all cores) to 1024, not '{threads}'", result.Stderr, StringComparison.Ordinal);
    }
}
