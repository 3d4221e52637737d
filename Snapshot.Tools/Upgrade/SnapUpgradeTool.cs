using System.CommandLine;
using System.Text.Json;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Signing;
using Snapshot.Format.Upgrade;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Upgrade;

/// <summary>
/// <c>snapupgrade IN -o OUT --to BUILD [--dry-run] [--json] [--format-version 1.0|1.1|1.2] [--sign-key K]</c>: converts an
/// image to another kernel build (and the container to the current format, or an older one where possible). Exit 0
/// converted (or convertible, or already for BUILD), 1 refused with blockers (nothing written), 2 trouble.
/// </summary>
public sealed class SnapUpgradeTool : Tool
{
    private static readonly string[] s_formatVersions = ["1.0", "1.1", "1.2"];

    private readonly Argument<string> _image = ImageArgument("The image to convert (only read, never changed).", allowStandardInput: false);

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Where to write the converted image (not IN); written atomically. Required unless --dry-run.",
        HelpName = "OUT",
    };

    private readonly Option<string> _to = new("--to")
    {
        Description = "The kernel build to convert to (a profile in format-spec/kernels/, e.g. spartan-0.6).",
        HelpName = "BUILD",
        Required = true,
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Print the conversion plan (changes and blockers); write nothing.",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print only JSON (format-spec/schemas/snapupgrade.schema.json) on standard output.",
    };

    private readonly Option<string?> _formatVersion = new("--format-version")
    {
        Description = "The newest container format the output may use (1.0, 1.1 or 1.2; default the current one). Content that needs a newer one is refused.",
        HelpName = "VERSION",
    };

    private readonly Option<string?> _signKey = new("--sign-key")
    {
        Description = "Sign the output with this key (HMAC secret or ECDSA P-256 private key). Without it a signature of IN is dropped.",
        HelpName = "K",
    };

    /// <summary>Declares the tool's command line.</summary>
    public SnapUpgradeTool(ToolContext context)
        : base(context, "snapupgrade", "Convert a snapshot image to another kernel build through the build-independent canonical form.")
    {
        _formatVersion.AcceptOnlyFromAmong(s_formatVersions);
        Command.Arguments.Add(_image);
        AddOutputUnlessDryRun(_output, _dryRun);
        Command.Options.Add(_to);
        Command.Options.Add(_dryRun);
        Command.Options.Add(_json);
        Command.Options.Add(_formatVersion);
        Command.Options.Add(_signKey);
        Command.SetAction(parseResult =>
        {
            var image = parseResult.GetValue(_image)!;
            return Guard(image, () => Upgrade(image, parseResult));
        });
    }

    private int Upgrade(string image, ParseResult parseResult)
    {
        var build = parseResult.GetValue(_to)!;
        if (KernelBuildCatalog.Find(build) is not { } target)
        {
            return Fail(build, $"unknown kernel build (known: {string.Join(", ", KernelBuildCatalog.BuiltIn.Select(p => p.Build))})");
        }

        if (Directory.Exists(image))
        {
            return Fail(image, "is a directory");
        }

        if (!File.Exists(image))
        {
            return Fail(image, "no such file");
        }

        var dryRun = parseResult.GetValue(_dryRun);
        var output = parseResult.GetValue(_output);
        if (!dryRun && CheckOutput(image, output!) is { } problem)
        {
            return problem;
        }

        var keyPath = parseResult.GetValue(_signKey);
        ImageSigner? signer;
        try
        {
            signer = keyPath is null ? null : ImageSigner.FromKeyFile(keyPath);
        }
        catch (SigningKeyException e)
        {
            return Fail(keyPath!, e.Message);
        }

        using (signer)
        {
            var options = new UpgradeOptions
            {
                Target = target,
                Signer = signer,
                MaxFormatVersion = parseResult.GetValue(_formatVersion) is { } version ? ParseVersion(version) : null,
            };
            var plan = dryRun ? ImageUpgrader.Plan(image, options) : Convert(image, output!, options);
            var document = UpgradeDocumentBuilder.Build(new ToolStamp(Name, ToolHost.Version), image, output, dryRun, plan);
            if (parseResult.GetValue(_json))
            {
                Context.Output.WriteLine(JsonSerializer.Serialize(document, UpgradeJsonContext.Output.UpgradeDocument));
            }
            else
            {
                UpgradeTextView.Write(Context.Output, document);
            }

            return plan.CanConvert ? ExitCodes.Success : ExitCodes.ProblemsFound;
        }
    }

    private UpgradePlan Convert(string image, string output, UpgradeOptions options)
    {
        try
        {
            return WithProgress($"converting {Path.GetFileName(image)} to {options.Target.Build}",
                progress => ImageUpgrader.Upgrade(image, output, options, progress)).Plan;
        }
        catch (UpgradeRefusedException e)
        {
            return e.Plan;
        }
    }

    private static FormatVersion ParseVersion(string text) => new(1, ushort.Parse(text.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Refuses an output that is the input, a directory, or in a directory that does not exist (exit 2), before any work.</summary>
    private int? CheckOutput(string image, string output)
    {
        if (string.Equals(Path.GetFullPath(image), Path.GetFullPath(output), StringComparison.Ordinal))
        {
            return Fail(image, $"the output {output} is the input: snapupgrade never modifies its input; give another -o");
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
