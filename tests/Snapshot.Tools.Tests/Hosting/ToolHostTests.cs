using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Hosting;

public sealed class ToolHostTests
{
    [Fact]
    public void EveryToolIsFound() => Assert.Equal(["snapcheck", "snapconv", "snapdiff", "snapinfo", "snaprepair", "snapupgrade"], ToolHost.ToolNames);

    [Fact]
    public void EveryToolClassIsListedUnderTheNameItGivesItself()
    {
        var classes = typeof(Tool).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(Tool)) && !type.IsAbstract)
            .Select(type => type.Name).Order(StringComparer.Ordinal);
        var context = new ToolContext(TextWriter.Null, TextWriter.Null);

        var listed = ToolHost.Tools.Select(entry => (entry.Name, Tool: entry.Create(context))).ToArray();

        Assert.Equal(classes, listed.Select(entry => entry.Tool.GetType().Name).Order(StringComparer.Ordinal));
        Assert.All(listed, entry => Assert.Equal(entry.Name, entry.Tool.Name));
    }

    [Fact]
    public void NoArgumentsIsAUsageError()
    {
        var result = ToolRunner.Run();

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("usage: snaptools TOOL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownToolIsAUsageError()
    {
        var result = ToolRunner.Run("snapfrobnicate", "x.snap");

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.StartsWith("snaptools: unknown tool 'snapfrobnicate'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsTheTools()
    {
        var result = ToolRunner.Run("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("tools: snapcheck, snapconv, snapdiff, snapinfo, snaprepair, snapupgrade", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snapinfo")]
    [InlineData("snapcheck")]
    [InlineData("snapdiff")]
    [InlineData("snaprepair")]
    public void VersionPrintsTheToolVersion(string tool)
    {
        var result = ToolRunner.Run(tool, "--version");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(ToolHost.Version, result.Stdout.Trim());
    }
}
