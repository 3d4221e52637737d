using Snapshot.Format;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Hosting;

/// <summary>Every kind of bad input gets exactly one line on standard error and exit 2, never a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var tool in new[] { "snapinfo", "snapcheck" })
        {
            data.Add(tool, "missing", "no such file");
            data.Add(tool, "directory", "is a directory");
            data.Add(tool, "empty", "");
            data.Add(tool, "text", "");
            data.Add(tool, "header-cut", "header");
            data.Add(tool, "unknown-feature", "bit 45");
        }

        // snapinfo cannot show an image whose footer or index is gone, or whose metadata is damaged;
        // snapcheck lists those as problems (exit 1).
        data.Add("snapinfo", "truncated", "footer");
        data.Add("snapinfo", "damaged-task", "section TASK at offset 0x");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneLineAndExitTwo(string tool, string input, string reasonContains)
    {
        var path = Prepare(input);

        var result = ToolRunner.Run(tool, path);

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"{tool}: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(reasonContains, line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Snapshot.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snapinfo")]
    [InlineData("snapcheck")]
    public void JsonModePrintsNoJsonWhenTheImageCannotBeRead(string tool)
    {
        var path = Prepare("text");

        var result = ToolRunner.Run(tool, path, "--json");

        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Single(result.StderrLines);
    }

    private string Prepare(string input)
    {
        var path = _scratch.File(input + ".snap");
        switch (input)
        {
            case "missing":
                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "text":
                File.WriteAllText(path, "These are not the bytes you are looking for.\nNot an image at all.\n");
                break;
            case "header-cut":
                TestImage.Write(path);
                ImageDamage.Truncate(path, 20);
                break;
            case "truncated":
                TestImage.Write(path);
                ImageDamage.Truncate(path, new FileInfo(path).Length / 2);
                break;
            case "damaged-task":
                TestImage.Write(path);
                ImageDamage.FlipBitInFirstSection(path, SectionType.Task);
                break;
            case "unknown-feature":
                TestImage.Write(path);
                ImageDamage.SetUnknownIncompatibleFeature(path, 45);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input, "no such bad input");
        }

        return path;
    }
}
