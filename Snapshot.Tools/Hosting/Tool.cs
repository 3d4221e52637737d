using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Spectre.Console;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// One command-line tool (snapinfo, snapcheck, ...). A subclass declares its arguments and options and calls
/// <see cref="Command.SetAction(Func{ParseResult, int})"/> in its constructor; its action returns an
/// <see cref="ExitCodes"/> constant. <see cref="ToolHost"/> finds every subclass, so adding a tool is adding
/// one class with a constructor taking a <see cref="ToolContext"/>.
/// </summary>
/// <remarks>
/// The root is a <see cref="Command"/> named after the tool rather than a <see cref="RootCommand"/>: in
/// System.CommandLine 2.0 a RootCommand is always named after the executable ("snaptools"), and help must read
/// "snapinfo". The help and version options a RootCommand would add are added here.
/// </remarks>
public abstract class Tool
{
    /// <summary>Creates the tool's root command.</summary>
    protected Tool(ToolContext context, string name, string description)
    {
        Context = context;
        Command = new Command(name, description)
        {
            new HelpOption(),
            new VersionOption { Action = new ToolVersionAction() },
        };
    }

    /// <summary>The tool's name, as typed on the command line.</summary>
    public string Name => Command.Name;

    /// <summary>The tool's root command.</summary>
    public Command Command { get; }

    /// <summary>Where the tool writes.</summary>
    protected ToolContext Context { get; }

    /// <summary>The most workers --threads accepts: far beyond any core count, low enough that a typo cannot ask for a million threads.</summary>
    protected const int MaxThreads = 1024;

    /// <summary>
    /// The --threads N option of the tools that work on all cores: a whole number 0 (all cores, the default)
    /// ..<see cref="MaxThreads"/>; anything else is one usage error naming the option.
    /// </summary>
    protected static Option<int> ThreadsOption(string description) => new("--threads")
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => 0,
        CustomParser = ParseThreads,
    };

    private static int ParseThreads(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads <= MaxThreads)
        {
            return threads;
        }

        result.AddError($"--threads must be a number from 0 (all cores) to {MaxThreads}, not '{token}'");
        return 0;
    }

    /// <summary>
    /// The IMAGE argument. A token that looks like an option is refused as one (System.CommandLine would
    /// otherwise take "--jsn" for a file name); "-" means standard input where <paramref name="allowStandardInput"/>.
    /// A file whose name starts with "-" is given as "./-name".
    /// </summary>
    protected static Argument<string> ImageArgument(string description, bool allowStandardInput, string name = "image")
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (token == "-" && !allowStandardInput)
            {
                result.AddError("the image must be a file: standard input (-) cannot be read with random access");
            }
            else if (token is not null && token.Length > 1 && token[0] == '-')
            {
                result.AddError($"unrecognized option '{token}'");
            }
        });
        return argument;
    }

    /// <summary>
    /// The OUT option of a tool that writes an image (atomically, never over its input), required unless
    /// <paramref name="dryRun"/> is given: the rule snaprepair and snapupgrade share.
    /// </summary>
    protected void AddOutputUnlessDryRun(Option<string?> output, Option<bool> dryRun)
    {
        Command.Options.Add(output);
        Command.Validators.Add(result =>
        {
            if (result.GetValue(output) is null && !result.GetValue(dryRun))
            {
                result.AddError("option '--output' (-o OUT) is required unless --dry-run is given");
            }
        });
    }

    /// <summary>Parses <paramref name="args"/> and runs the action. Usage errors exit <see cref="ExitCodes.Trouble"/>.</summary>
    public int Run(IReadOnlyList<string> args)
    {
        var parseResult = Command.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                Context.Error.WriteLine($"{Name}: {error.Message}");
            }

            Context.Error.WriteLine($"Try '{Name} --help' for more information.");
            return ExitCodes.Trouble;
        }

        return parseResult.Invoke(new InvocationConfiguration
        {
            Output = Context.Output,
            Error = Context.Error,
            // Run guards its own actions; the default handler would print a stack trace.
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the input named <paramref name="subject"/> and turns every documented
    /// failure into one line on standard error, "TOOL: SUBJECT: reason", with exit code
    /// <see cref="ExitCodes.Trouble"/>. Anything else is a bug: one "internal error" line and exit 70.
    /// </summary>
    protected int Guard(string subject, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (SnapshotFormatException ex)
        {
            return Fail(subject, ex.Message);
        }
        catch (ZstdUnavailableException ex)
        {
            return Fail(subject, ex.Message);
        }
        catch (ChainException ex)
        {
            // An incremental image whose ancestors are missing or are other images: the message names the file and both ids.
            return Fail(subject, ex.Message);
        }
        catch (FileNotFoundException)
        {
            return Fail(subject, "no such file");
        }
        catch (DirectoryNotFoundException)
        {
            return Fail(subject, "no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(subject, Directory.Exists(subject) ? "is a directory" : "permission denied");
        }
        catch (IOException ex)
        {
            return Fail(subject, ex.Message);
        }
#pragma warning disable CA1031 // The last line of defence: a bug must still end in one line, not a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Context.Error.WriteLine($"{Name}: internal error: {OneLine(ex.GetType().Name + ": " + ex.Message)}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>, showing its progress (0..1) as a bar labelled <paramref name="label"/> on
    /// standard error when that is a terminal; otherwise <paramref name="work"/> gets no progress sink.
    /// </summary>
    protected T WithProgress<T>(string label, Func<IProgress<double>?, T> work)
    {
        if (!Context.ErrorIsTerminal)
        {
            return work(null);
        }

        T result = default!;
        Context.ErrorConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Start(progress =>
            {
                var task = progress.AddTask(Markup.Escape(label), maxValue: 1.0);
                result = work(new ProgressTaskReporter(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Writes "TOOL: SUBJECT: reason" to standard error and returns <see cref="ExitCodes.Trouble"/>.</summary>
    protected int Fail(string subject, string reason)
    {
        Context.Error.WriteLine($"{Name}: {subject}: {OneLine(reason)}");
        return ExitCodes.Trouble;
    }

    private static string OneLine(string text) =>
        text.ReplaceLineEndings(" ").Trim();
}
