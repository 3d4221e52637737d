using System.CommandLine;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Snapshot.Tools.Hosting;

namespace Snapshot.Tools.Conv;

/// <summary><c>snapconv flatten CHILD -o IMAGE [--level N]</c>: an incremental image and its ancestors merged into one full image.</summary>
public sealed partial class SnapConvTool
{
    private Command FlattenCommand()
    {
        var image = ImageArgument("The incremental image (its ancestors are found through its PARENTS section; only read).", allowStandardInput: false);
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the full image (written atomically).",
            HelpName = "IMAGE",
            Required = true,
        };
        var level = LevelOption(
            "zstd level (1..19) the chunks are compressed with; the default is kernel-sim's, so the result is the image a full checkpoint would have written.",
            new ImageWriterOptions().CompressionLevel);
        var command = new Command("flatten", "Write the full image an incremental image and its chain stand for: no parents, every chunk stored.")
        {
            image, output, level,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(image)!;
            var target = parseResult.GetValue(output)!;
            var options = new ImageWriterOptions { CompressionLevel = parseResult.GetValue(level) };
            return Guard(path, () => Flatten(path, target, options));
        });
        return command;
    }

    private int Flatten(string path, string output, ImageWriterOptions options)
    {
        if (CheckOutput(path, output) is { } problem)
        {
            return problem;
        }

        using var chain = ImageChain.Open(path);
        if (File.Exists(output) && chain.AncestorPaths.Any(ancestor => Format.Repair.ImageRepairer.SameFile(ancestor, output)))
        {
            return Fail(path, $"the output {output} is one of its ancestors: snapconv never overwrites its input; give another -o");
        }

        try
        {
            AtomicFile.Write(output, stream => ChainFlattener.Flatten(chain, stream, options));
        }
        catch (NotSupportedException ex)
        {
            return Fail(path, ex.Message);
        }

        return ExitCodes.Success;
    }
}
