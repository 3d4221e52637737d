using System.CommandLine;
using System.Text.Json;
using Snapshot.Format.Repair;
using Snapshot.Tools.Check;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Json;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Repair;

/// <summary>
/// <c>snaprepair IN -o OUT [--zero-damaged] [--build NAME] [--json] [--dry-run]</c>: recovers what can be recovered
/// from a damaged image into a new image, never touching IN, and reports exactly what was lost. Exit 0 nothing was
/// lost, 1 repaired with losses (OUT is marked "repaired"), 2 cannot repair, bad input or usage error.
/// </summary>
public sealed class SnapRepairTool : Tool
{
    private readonly Argument<string> _image = ImageArgument("The damaged image (only read, never changed).", allowStandardInput: false);

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Where to write the repaired image (not IN); written atomically. Required unless --dry-run.",
        HelpName = "OUT",
    };

    private readonly Option<bool> _zeroDamaged = new("--zero-damaged")
    {
        Description = "Record the pages of damaged memory chunks as zero-filled instead of dropped.",
    };

    private readonly Option<string?> _build = new("--build")
    {
        Description = "The kernel build (e.g. spartan-0.4) to stamp when the image's header is damaged and cannot vouch for its own.",
        HelpName = "NAME",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print only JSON (format-spec/schemas/snaprepair.schema.json) on standard output.",
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Report what a repair would keep and lose; write nothing.",
    };

    /// <summary>Declares the tool's command line.</summary>
    public SnapRepairTool(ToolContext context)
        : base(context, "snaprepair", "Recover a damaged snapshot image into a new image and report exactly what was lost.")
    {
        Command.Arguments.Add(_image);
        AddOutputUnlessDryRun(_output, _dryRun);
        Command.Options.Add(_zeroDamaged);
        Command.Options.Add(_build);
        Command.Options.Add(_json);
        Command.Options.Add(_dryRun);
        Command.SetAction(parseResult =>
        {
            var image = parseResult.GetValue(_image)!;
            var options = new RepairOptions
            {
                ZeroDamaged = parseResult.GetValue(_zeroDamaged),
                Build = parseResult.GetValue(_build),
                DryRun = parseResult.GetValue(_dryRun),
            };
            return Guard(image, () => Repair(image, parseResult.GetValue(_output), options, parseResult.GetValue(_json)));
        });
    }

    private int Repair(string image, string? output, RepairOptions options, bool json)
    {
        if (Directory.Exists(image))
        {
            return Fail(image, "is a directory");
        }

        if (!File.Exists(image))
        {
            return Fail(image, "no such file");
        }

        if (!options.DryRun && CheckOutput(image, output!) is { } problem)
        {
            return problem;
        }

        var report = WithProgress($"repairing {Path.GetFileName(image)}",
            progress => ImageRepairer.Repair(image, output, options, progress));
        var document = RepairDocumentBuilder.Build(new ToolStamp(Name, ToolHost.Version), image, options.DryRun, report);
        if (json)
        {
            Context.Output.WriteLine(JsonSerializer.Serialize(document, ToolJsonContext.Output.RepairDocument));
        }
        else
        {
            RepairTextView.Write(Context.Output, document);
        }

        return report.Outcome switch
        {
            RepairOutcome.NothingLost => ExitCodes.Success,
            RepairOutcome.Repaired => ExitCodes.ProblemsFound,
            _ => Fail(image, "cannot repair: " + report.Refusal),
        };
    }

    /// <summary>Refuses an output that is the input, a directory, or in a directory that does not exist (exit 2), before any work.</summary>
    private int? CheckOutput(string image, string output)
    {
        if (ImageRepairer.SameFile(image, output))
        {
            return Fail(image, $"the output {output} is the input: snaprepair never overwrites the damaged image; give another -o");
        }

        if (Directory.Exists(output))
        {
            return Fail(output, "is a directory");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null && !Directory.Exists(directory))
        {
            return Fail(output, "no such directory");
        }

        return null;
    }
}
