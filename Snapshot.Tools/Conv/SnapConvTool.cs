using System.CommandLine;
using Snapshot.Format;
using Snapshot.Format.Conversion;
using Snapshot.Format.Repair;
using Snapshot.Tools.Hosting;

namespace Snapshot.Tools.Conv;

/// <summary>
/// <c>snapconv decode IMAGE [-o FILE.json] [--no-stored]</c> and <c>snapconv encode FILE.json -o IMAGE [--level N]</c>
/// (and <c>snapconv flatten CHILD -o IMAGE</c>, SnapConvTool.Flatten.cs):
/// the whole image as the JSON document of format-spec/snapconv-json.md and back, byte for byte, so that people can
/// inspect, script and hand-edit images (the <c>crit decode/encode</c> of CRIU). Exit 0 done, 2 bad input or usage;
/// every failure is one line naming the file and the section and offset (decode) or the JSON path (encode), and
/// leaves no output file.
/// </summary>
public sealed partial class SnapConvTool : Tool
{
    /// <summary>Declares the tool's command line: two verbs.</summary>
    public SnapConvTool(ToolContext context)
        : base(context, "snapconv", "Convert a snapshot image to JSON and back, byte for byte (format-spec/snapconv-json.md).")
    {
        Command.Subcommands.Add(DecodeCommand());
        Command.Subcommands.Add(EncodeCommand());
        Command.Subcommands.Add(FlattenCommand());
    }

    private Command DecodeCommand()
    {
        var image = ImageArgument("The image to decode (only read).", allowStandardInput: false);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write the JSON document (written atomically); standard output when omitted or '-'.",
            HelpName = "FILE.json",
        };
        var noStored = new Option<bool>("--no-stored")
        {
            Description = "Leave out each chunk's stored (compressed) bytes: a smaller document, but encode must recompress, "
                + "which gives the same bytes only with the same libzstd.",
        };
        var command = new Command("decode", "Write IMAGE as JSON: header, then every section in file order with its fields.")
        {
            image, output, noStored,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(image)!;
            var target = parseResult.GetValue(output);
            var options = new ImageJsonDecodeOptions { IncludeStoredBytes = !parseResult.GetValue(noStored) };
            return Guard(path, () => Decode(path, target, options));
        });
        return command;
    }

    private Command EncodeCommand()
    {
        var json = new Argument<string>("json")
        {
            Description = "The JSON document (as decode writes it, edited or not); '-' reads standard input.",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the image (written atomically, only when the whole image reads back).",
            HelpName = "IMAGE",
            Required = true,
        };
        var level = LevelOption(
            "zstd level (1..19) for chunks whose pages were edited or whose stored bytes are left out.",
            new ImageJsonEncodeOptions().CompressionLevel);
        var command = new Command("encode", "Write the image a JSON document describes; CRCs, index and footer are computed.")
        {
            json, output, level,
        };
        command.SetAction(parseResult =>
        {
            var source = parseResult.GetValue(json)!;
            var target = parseResult.GetValue(output)!;
            var options = new ImageJsonEncodeOptions { CompressionLevel = parseResult.GetValue(level) };
            return Guard(source, () => Encode(source, target, options));
        });
        return command;
    }

    /// <summary>The <c>--level N</c> option of a verb that compresses chunks: a zstd level 1..19, anything else one usage error.</summary>
    private static Option<int> LevelOption(string description, int defaultLevel)
    {
        var level = new Option<int>("--level")
        {
            Description = description,
            DefaultValueFactory = _ => defaultLevel,
            HelpName = "N",
        };
        level.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 19)
            {
                result.AddError("--level must be 1..19");
            }
        });
        return level;
    }

    private int Decode(string image, string? output, ImageJsonDecodeOptions options)
    {
        if (output is null or "-")
        {
            // A failure part way leaves a truncated document on standard output, as any streaming filter does; the
            // exit code and the error line say so.
            using var stdout = new TextWriterStream(Context.Output);
            ImageJsonDecoder.Decode(image, stdout, options);
            stdout.Flush();
            return ExitCodes.Success;
        }

        if (CheckOutput(image, output) is { } problem)
        {
            return problem;
        }

        AtomicFile.Write(output, stream => ImageJsonDecoder.Decode(image, stream, options));
        return ExitCodes.Success;
    }

    private int Encode(string source, string output, ImageJsonEncodeOptions options)
    {
        if (CheckOutput(source == "-" ? null : source, output) is { } problem)
        {
            return problem;
        }

        try
        {
            using var document = source == "-" ? Context.OpenInput() : File.OpenRead(source);
            WithProgress($"encoding {(source == "-" ? "standard input" : Path.GetFileName(source))}", progress =>
            {
                ImageJsonEncoder.Encode(document, output, options with { Progress = progress });
                return 0;
            });
        }
        catch (ImageJsonException ex)
        {
            return Fail(source, ex.Message);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Refuses an output that is the input, a directory, or in a directory that does not exist (exit 2), before any
    /// work: the input is never replaced by its own conversion.
    /// </summary>
    private int? CheckOutput(string? input, string output)
    {
        if (input is not null && File.Exists(input) && ImageRepairer.SameFile(input, output))
        {
            return Fail(input, $"the output {output} is the input: snapconv never overwrites its input; give another -o");
        }

        if (Directory.Exists(output))
        {
            return Fail(output, "is a directory");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        return directory is not null && !Directory.Exists(directory) ? Fail(output, "no such directory") : null;
    }
}
