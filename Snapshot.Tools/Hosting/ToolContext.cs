using Spectre.Console;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// Where a tool writes and what those writers are attached to. Human output goes through Spectre.Console
/// consoles built over the writers: on a terminal they detect colours and width; otherwise they are plain
/// ASCII, colourless and exactly <see cref="RedirectedWidth"/> columns wide, so piped output is stable.
/// </summary>
public sealed class ToolContext
{
    /// <summary>The fixed layout width when the writer is not a terminal.</summary>
    public const int RedirectedWidth = 120;

    private IAnsiConsole? _outConsole;
    private IAnsiConsole? _errorConsole;

    /// <summary>Creates a context over the given writers.</summary>
    public ToolContext(TextWriter output, TextWriter error, bool outputIsTerminal = false, bool errorIsTerminal = false,
        Func<Stream>? openInput = null)
    {
        OpenInput = openInput ?? Console.OpenStandardInput;
        Output = output;
        Error = error;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
    }

    /// <summary>Opens standard input (images given as "-").</summary>
    public Func<Stream> OpenInput { get; }

    /// <summary>Standard output: results only (tables, or JSON with --json).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: diagnostics, and progress when it is a terminal.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether standard output is an interactive terminal.</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Whether standard error is an interactive terminal (progress bars are shown only then).</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>A console over <see cref="Output"/> for tables and trees.</summary>
    public IAnsiConsole OutputConsole => _outConsole ??= CreateConsole(Output, OutputIsTerminal);

    /// <summary>A console over <see cref="Error"/> for progress.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= CreateConsole(Error, ErrorIsTerminal);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(isTerminal ? writer : new TrailingSpaceTrimmingWriter(writer)),
            // Enrichers guess CI systems from environment variables; output must not depend on them.
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });

        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
            console.Profile.Height = 24;
            console.Profile.Capabilities.Unicode = false;
            console.Profile.Capabilities.Links = false;
        }

        return console;
    }
}
