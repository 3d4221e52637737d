using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Snapshot.Format;
using Snapshot.Format.Validation;
using Snapshot.Tools.Formatting;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;
using Snapshot.Tools.Json;
using Spectre.Console;

namespace Snapshot.Tools.Check;

/// <summary>
/// <c>snapcheck IMAGE [--json]</c>: verifies framing, every CRC, every chunk (decompressed and hashed) and the
/// cross references. Exit 0 valid, 1 problems found (each listed with section and offset), 2 could not check.
/// </summary>
public sealed class SnapCheckTool : Tool
{
    private readonly Argument<string> _image = ImageArgument("The image file to check.", allowStandardInput: false);

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print only JSON (format-spec/schemas/snapcheck.schema.json) on standard output.",
    };

    /// <summary>Declares the tool's command line.</summary>
    public SnapCheckTool(ToolContext context)
        : base(context, "snapcheck", "Check a snapshot image: framing, CRCs, chunk contents and cross references.")
    {
        Command.Arguments.Add(_image);
        Command.Options.Add(_json);
        Command.SetAction(parseResult =>
        {
            var image = parseResult.GetValue(_image)!;
            return Guard(image, () => Check(image, parseResult.GetValue(_json)));
        });
    }

    private int Check(string image, bool json)
    {
        if (Directory.Exists(image))
        {
            return Fail(image, "is a directory");
        }

        var report = Context.ErrorIsTerminal ? ValidateWithProgress(image) : ImageValidator.Validate(image);
        var document = new CheckDocument(
            new ToolStamp(Name, ToolHost.Version),
            image,
            report.IsValid,
            [.. report.Problems.Select(p => new CheckProblem(p.Section, Notation.Offset(p.Offset), p.Message))],
            new CheckSummary(report.SectionsChecked, report.ChunksChecked, report.PageBytesChecked, report.Problems.Count));

        if (json)
        {
            Context.Output.WriteLine(JsonSerializer.Serialize(document, ToolJsonContext.Output.CheckDocument));
        }
        else
        {
            WriteText(document);
        }

        return report.IsValid ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    private ValidationReport ValidateWithProgress(string image)
    {
        ValidationReport? report = null;
        Context.ErrorConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Start(progress =>
            {
                var task = progress.AddTask($"checking {Markup.Escape(Path.GetFileName(image))}", maxValue: 1.0);
                report = ImageValidator.Validate(image, new ProgressTaskReporter(task));
                task.Value = task.MaxValue;
            });
        return report!;
    }

    private void WriteText(CheckDocument document)
    {
        var output = Context.Output;
        foreach (var problem in document.Problems)
        {
            output.WriteLine($"{problem.Section} at {problem.Offset}: {problem.Message}");
        }

        var summary = document.Summary;
        var verdict = document.Valid
            ? "valid"
            : $"{summary.Problems} {(summary.Problems == 1 ? "problem" : "problems")} found";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{document.Image}: {verdict} ({Notation.Count(summary.SectionsChecked, "section")}, " +
            $"{Notation.Count(summary.ChunksChecked, "chunk")}, {Notation.Count(summary.PageBytesChecked, "page byte")} checked)"));
    }
}
