using System.CommandLine;
using System.Text.Json;
using Snapshot.Format;
using Snapshot.Format.Summary;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Json;

namespace Snapshot.Tools.Info;

/// <summary>
/// <c>snapinfo IMAGE [--json] [--pages]</c>: what an image holds, read from its header, footer, SUMMARY (format 1.3;
/// the index of an older image) and metadata sections only: a few KiB, whatever the size of the memory it stores.
/// <c>--pages</c> lists every chunk, so it reads the whole index.
/// </summary>
public sealed class SnapInfoTool : Tool
{
    /// <summary>The argument that names standard input.</summary>
    public const string StandardInput = "-";

    private readonly Argument<string> _image =
        ImageArgument("The image file, or - to read the image from standard input.", allowStandardInput: true);

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print only JSON (format-spec/schemas/snapinfo.schema.json) on standard output.",
    };

    private readonly Option<bool> _pages = new("--pages")
    {
        Description = "List every memory chunk with its present pages, offset, stored size and content hash.",
    };

    // The stream reader does not report the footer's pages-per-chunk; an image without chunks shows the 1.0 default.

    /// <summary>Bytes the last run read from its image file (null for standard input); tests hold it to "a few KiB".</summary>
    internal long? BytesRead { get; private set; }

    /// <summary>Where the last run read sections and memory totals from (null for standard input).</summary>
    internal SummarySource? Source { get; private set; }

    /// <summary>False makes the tool read the whole index even when the image has a summary (tests compare the two).</summary>
    internal bool UseSummary { get; init; } = true;

    /// <summary>Declares the tool's command line.</summary>
    public SnapInfoTool(ToolContext context)
        : base(context, "snapinfo", "Show the header, kernel build, tasks, threads, areas and sections of a snapshot image.")
    {
        Command.Arguments.Add(_image);
        Command.Options.Add(_json);
        Command.Options.Add(_pages);
        Command.SetAction(parseResult =>
        {
            var image = parseResult.GetValue(_image)!;
            return Guard(image, () => Show(image, parseResult.GetValue(_json), parseResult.GetValue(_pages)));
        });
    }

    private int Show(string image, bool json, bool listChunks)
    {
        if (Directory.Exists(image))
        {
            return Fail(image, "is a directory");
        }

        var document = image == StandardInput ? FromStandardInput(image, listChunks) : FromFile(image, listChunks);

        if (json)
        {
            Context.Output.WriteLine(JsonSerializer.Serialize(document, ToolJsonContext.Output.InfoDocument));
        }
        else
        {
            InfoTextView.Render(Context.OutputConsole, document, listChunks);
        }

        return ExitCodes.Success;
    }

    private InfoDocument FromFile(string path, bool listChunks)
    {
        // Listing every chunk needs every index entry; everything else comes from the summary when there is one.
        using var reader = ImageSummaryReader.Open(path, useSummary: UseSummary && !listChunks);
        var metadata = reader.ReadMetadata();
        var signature = SignatureInfoBuilder.FromFile(reader);
        BytesRead = reader.BytesRead;
        Source = reader.Source;
        var sections = listChunks && reader.Index is { } index ? index : reader.Summary.Sections;
        var chunks = listChunks ? reader.Index?.Where(entry => ImageSummary.IsMemorySection(entry.Type)).Select(ChunkSummary.From) : null;
        var builder = new InfoDocumentBuilder(metadata, SectionTable.FromIndex(sections), reader.Summary.Areas, chunks,
            reader.PagesPerChunk, signature);
        return builder.Build(Name, path, reader.Length) with { Chain = ChainInfoBuilder.Build(path, metadata.Parents) };
    }

    private InfoDocument FromStandardInput(string image, bool listChunks)
    {
        using var stream = Context.OpenInput();
        var sections = new List<IndexEntry>();
        var pagesPerChunk = 0;
        // A pipe must be consumed to its end to reach the index. Each section's frame is reported as it passes
        // (the same entry the index holds), so the section table and the chunk list equal those read from a file.
        // Pages are not asked for: they are not shown, and a pipe cannot hand out a deduplicated chunk's pages.
        var metadata = ImageStreamReader.Read(stream, onSection: sections.Add, onPagesPerChunk: value => pagesPerChunk = value);
        var summary = ImageSummary.FromIndex(sections, metadata.Header.Build.PageSize);
        var chunks = listChunks ? sections.Where(entry => ImageSummary.IsMemorySection(entry.Type)).Select(ChunkSummary.From) : null;
        var builder = new InfoDocumentBuilder(metadata, SectionTable.FromIndex(listChunks ? sections : summary.Sections),
            summary.Areas, chunks, pagesPerChunk, SignatureInfoBuilder.FromStream(metadata.Header, sections));
        return builder.Build(Name, image, fileSize: null) with { Chain = ChainInfoBuilder.Build(null, metadata.Parents) };
    }
}
