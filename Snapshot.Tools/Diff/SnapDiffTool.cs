using System.CommandLine;
using System.Text.Json;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Snapshot.Format.Diff;
using Snapshot.Tools.Check;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Json;

namespace Snapshot.Tools.Diff;

/// <summary>
/// <c>snapdiff A B [--json] [--html FILE] [--quiet] [--threads N]</c>: a semantic diff of two images. Exit 0 the same, 1 different,
/// 2 trouble (as diff(1) and <c>qemu-img compare</c>).
/// </summary>
public sealed class SnapDiffTool : Tool
{
    private readonly Argument<string> _imageA = ImageArgument("The first image (before).", allowStandardInput: false, name: "a");
    private readonly Argument<string> _imageB = ImageArgument("The second image (after).", allowStandardInput: false, name: "b");

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print only JSON (format-spec/schemas/snapdiff.schema.json) on standard output.",
    };

    private readonly Option<string> _html = new("--html")
    {
        Description = "Also write a self-contained HTML report (memory maps and the semantic diff) to FILE.",
        HelpName = "FILE",
    };

    private readonly Option<bool> _quiet = new("--quiet", "-q")
    {
        Description = "Print nothing on standard output; the exit code says whether the images differ.",
    };

    private readonly Option<int> _threads = ThreadsOption(
        "Workers that read and compare differing chunks (0, the default: all cores). The report is the same for any number.");

    /// <summary>Declares the tool's command line.</summary>
    public SnapDiffTool(ToolContext context)
        : base(context, "snapdiff", "Compare two snapshot images: build, tasks, threads, areas and memory. " +
                                    "Exit 0 the same, 1 different, 2 trouble.")
    {
        Command.Arguments.Add(_imageA);
        Command.Arguments.Add(_imageB);
        Command.Options.Add(_json);
        Command.Options.Add(_html);
        Command.Options.Add(_quiet);
        Command.Options.Add(_threads);
        Command.SetAction(parseResult => Compare(
            parseResult.GetValue(_imageA)!,
            parseResult.GetValue(_imageB)!,
            new ReportOptions(parseResult.GetValue(_json), parseResult.GetValue(_html), parseResult.GetValue(_quiet),
                parseResult.GetValue(_threads))));
    }

    private int Compare(string imageA, string imageB, ReportOptions options)
    {
        ImageChain? readerA = null;
        ImageChain? readerB = null;
        try
        {
            var opened = Open(imageA, reader => readerA = reader);
            if (opened != ExitCodes.Success)
            {
                return opened;
            }

            opened = Open(imageB, reader => readerB = reader);
            if (opened != ExitCodes.Success)
            {
                return opened;
            }

            return Guard(imageA, () => Report(imageA, imageB, readerA!.Image, readerB!.Image, options));
        }
        finally
        {
            readerA?.Dispose();
            readerB?.Dispose();
        }
    }

    // Through its chain: an incremental image's references read as the pages its ancestors store.
    private int Open(string image, Action<ImageChain> opened) => Guard(image, () =>
    {
        if (Directory.Exists(image))
        {
            return Fail(image, "is a directory");
        }

        opened(ImageChain.Open(image));
        return ExitCodes.Success;
    });

    private int Report(string imageA, string imageB, ImageReader a, ImageReader b, ReportOptions options)
    {
        ImageDiff diff;
        try
        {
            diff = WithProgress($"comparing {Path.GetFileName(a.Path)} and {Path.GetFileName(b.Path)}",
                progress => ImageDiffer.Compare(a, b, progress, options.Threads));
        }
        catch (ImageDiffException ex)
        {
            // The engine names the file by the path it was opened with, which is the argument as given.
            return Fail(ex.Path, ex.FormatError.Message);
        }

        var document = DiffDocumentBuilder.Build(Name, imageA, imageB, diff);
        if (options.HtmlPath is { } htmlPath)
        {
            var written = Guard(htmlPath, () =>
            {
                AtomicFile.Write(htmlPath, stream => HtmlReport.Write(stream, document, PlainText(document)));
                return ExitCodes.Success;
            });
            if (written != ExitCodes.Success)
            {
                return written;
            }
        }

        if (!options.Quiet)
        {
            if (options.Json)
            {
                Context.Output.WriteLine(JsonSerializer.Serialize(document, ToolJsonContext.Output.DiffDocument));
            }
            else
            {
                DiffTextView.Render(Context.OutputConsole, document);
            }
        }

        return document.Different ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    /// <summary>What the command line asked for besides the two images.</summary>
    private sealed record ReportOptions(bool Json, string? HtmlPath, bool Quiet, int Threads);

    /// <summary>The text view as redirected output shows it (ASCII, 120 columns), for the HTML report.</summary>
    private static string PlainText(DiffDocument document)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var context = new ToolContext(writer, TextWriter.Null);
        DiffTextView.Render(context.OutputConsole, document);
        return writer.ToString();
    }
}
