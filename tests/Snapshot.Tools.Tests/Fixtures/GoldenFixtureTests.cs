using Snapshot.Testing.Approval;
using Snapshot.Testing.Locations;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Fixtures;

/// <summary>
/// The golden images of tests/fixtures/ (real checkpoints written by kernel-sim): what the tools say about them
/// is approved, so a change in how any released image is shown is a reviewed decision.
/// </summary>
public sealed class GoldenFixtureTests
{
    public static TheoryData<string> Images()
    {
        var data = new TheoryData<string>();
        foreach (var name in Snapshot.Testing.Locations.Fixtures.Names())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void EverySampleProgramHasAFixture() =>
        Assert.Superset(
            new HashSet<string>(["ckpt.snap", "prodcons.snap", "sieve.snap", "sleeper.snap"]),
            new HashSet<string>(Snapshot.Testing.Locations.Fixtures.Names()));

    [Theory]
    [MemberData(nameof(Images))]
    public void SnapInfoText(string fixture)
    {
        var result = ToolRunner.Run("snapinfo", Snapshot.Testing.Locations.Fixtures.Path(fixture));

        ToolAssert.Succeeded(result);
        Approvals.Verify(result.Stdout, name: Path.GetFileNameWithoutExtension(fixture));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void SnapInfoJson(string fixture)
    {
        var result = ToolRunner.Run("snapinfo", Snapshot.Testing.Locations.Fixtures.Path(fixture), "--json", "--pages");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout, name: Path.GetFileNameWithoutExtension(fixture));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void SnapCheckFindsNothing(string fixture)
    {
        var result = ToolRunner.Run("snapcheck", Snapshot.Testing.Locations.Fixtures.Path(fixture), "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapcheck.schema.json", result.Stdout);
        Assert.Contains("\"valid\": true", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void StandardInputShowsTheSameTasksAsTheFile(string fixture)
    {
        var path = Snapshot.Testing.Locations.Fixtures.Path(fixture);
        using var pipe = new NonSeekableStream(File.ReadAllBytes(path));

        var fromFile = ToolRunner.Run("snapinfo", path);
        var fromPipe = ToolRunner.Run(["snapinfo", "-"], pipe);

        ToolAssert.Succeeded(fromPipe);
        Assert.Equal(Between(fromFile.Stdout, "\n-- Task", "\n-- Sections"), Between(fromPipe.Stdout, "\n-- Task", "\n-- Sections"));
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"'{start}' ... '{end}' not found");
        return text[from..to];
    }
}
