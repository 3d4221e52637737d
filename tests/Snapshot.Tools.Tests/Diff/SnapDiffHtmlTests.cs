using System.Text.RegularExpressions;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Diff;

public sealed partial class SnapDiffHtmlTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static readonly string[] s_classes = ["unchanged", "changed", "added", "removed", "zero"];

    /// <summary>
    /// The areas of prodcons at tick 600 and 873, one cell per page: code and data have one page each, stacks and
    /// the heap sixteen. Between the moments two heap pages changed, and threads 3-5 started on the stacks of
    /// areas 6-8, each touching its top page (areas 7 and 8 are new).
    /// </summary>
    public static TheoryData<bool, string> Expectations() => new()
    {
        { false, "1:unchanged=1 2:unchanged=1 3:unchanged=1,zero=15 4:changed=2,zero=14 5:unchanged=1,zero=15 " +
                 "6:added=1,zero=15 7:added=1,zero=15 8:added=1,zero=15" },
        { true, "1:unchanged=1 2:unchanged=1 3:unchanged=1,zero=15 4:changed=2,zero=14 5:unchanged=1,zero=15 " +
                "6:removed=1,zero=15 7:removed=1,zero=15 8:removed=1,zero=15" },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void TheReportRendersOneMapPerAreaWithACellPerPage(bool reversed, string expected)
    {
        var early = KernelImages.CopyTo(_scratch.Path, KernelImages.ProdconsEarly);
        var late = KernelImages.CopyTo(_scratch.Path, KernelImages.ProdconsLate);
        var report = _scratch.File("report.html");

        var result = reversed
            ? ToolRunner.Run("snapdiff", late, early, "--html", report, "--quiet")
            : ToolRunner.Run("snapdiff", early, late, "--html", report, "--quiet");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Empty(result.Stderr);
        var dom = HeadlessChromium.DumpDom(report, _scratch.Path);
        Assert.Equal(expected, Describe(dom));
        Assert.Contains("the images differ", dom, StringComparison.Ordinal);
        Assert.Contains("Task 1 thread 4: ", dom, StringComparison.Ordinal);   // the semantic diff beside the maps
    }

    [Fact]
    public void AnAreaOfMorePagesThanCellsDrawsSeveralPagesPerCellTheMostSignificantWinning()
    {
        // 262,144 pages in at most 65,536 cells: four pages per cell. Cell 0 holds a changed page, cell 1 a
        // removed and an added one (added wins), the last cell a removed page; every other cell is zero.
        var a = LargeAreaImage.Write(_scratch.File("a.snap"), (0, 1), (5, 1), (LargeAreaImage.HeapPages - 1, 1));
        var b = LargeAreaImage.Write(_scratch.File("b.snap"), (0, 2), (6, 1));
        var report = _scratch.File("report.html");

        var result = ToolRunner.Run("snapdiff", a, b, "--html", report, "--quiet");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        var dom = HeadlessChromium.DumpDom(report, _scratch.Path);
        Assert.Equal("1:changed=1,added=1,removed=1,zero=65533", Describe(dom));
        Assert.Contains("262144 pages, 4 pages per cell", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportIsSelfContainedAndDeterministic()
    {
        var early = KernelImages.CopyTo(_scratch.Path, KernelImages.SieveEarly);
        var late = KernelImages.CopyTo(_scratch.Path, KernelImages.SieveLate);

        ToolRunner.Run("snapdiff", early, late, "--html", _scratch.File("one.html"));
        ToolRunner.Run("snapdiff", early, late, "--html", _scratch.File("two.html"), "--json");

        var html = File.ReadAllText(_scratch.File("one.html"));
        Assert.Equal(File.ReadAllBytes(_scratch.File("one.html")), File.ReadAllBytes(_scratch.File("two.html")));
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("<script type=\"application/json\" id=\"diff-data\">", html, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_scratch.Path, "*.tmp*"));
    }

    [Fact]
    public void AnUnwritableReportIsTroubleNamingIt()
    {
        var early = KernelImages.CopyTo(_scratch.Path, KernelImages.SieveEarly);
        var report = Path.Combine(_scratch.Path, "no-such-directory", "report.html");

        var result = ToolRunner.Run("snapdiff", early, early, "--html", report);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.StartsWith($"snapdiff: {report}: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    /// <summary>"AREA:class=count,..." for every map in document order, classes in legend order.</summary>
    private static string Describe(string dom)
    {
        var maps = MapElement().Matches(dom);
        return string.Join(" ", maps.Select(map =>
        {
            var cells = Cell().Matches(map.Groups["cells"].Value).Select(c => c.Groups["kind"].Value).ToArray();
            var counts = s_classes.Select(kind => (kind, count: cells.Count(c => c == kind)))
                .Where(x => x.count > 0)
                .Select(x => $"{x.kind}={x.count}");
            return $"{map.Groups["area"].Value}:{string.Join(",", counts)}";
        }));
    }

    [GeneratedRegex("<div class=\"map\" id=\"map-t\\d+-a\\d+\" data-task=\"\\d+\" data-area=\"(?<area>\\d+)\">(?<cells>.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex MapElement();

    [GeneratedRegex("<span class=\"cell (?<kind>[a-z]+)\"></span>")]
    private static partial Regex Cell();

    [GeneratedRegex("(src|href)=\"(https?:)?//|@import|url\\(")]
    private static partial Regex ExternalReference();
}
