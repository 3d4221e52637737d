using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Snapshot.Format;
using Snapshot.Format.Signing;
using Snapshot.Format.Validation;
using Snapshot.Tools.Formatting;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Info;
using Snapshot.Tools.Json;

namespace Snapshot.Tools.Check;

/// <summary>
/// <c>snapcheck IMAGE [--json] [--quick] [--threads N] [--verify-key KEYFILE]</c>: verifies framing, every CRC, every
/// chunk (decompressed and hashed on N cores) and the cross references, and reports the image's signature (verified
/// with a key). <c>--quick</c> checks only framing, CRCs, index and footer. Exit 0 valid, 1 problems found (each
/// listed with section and offset; with a key, also an unsigned, wrongly signed or tampered image), 2 could not check.
/// </summary>
public sealed partial class SnapCheckTool : Tool
{
    /// <summary>The JSON "level" of a quick check; a full check leaves the field out, so its output is as before --quick existed.</summary>
    private const string QuickLevel = "quick";

    private readonly Argument<string> _image = ImageArgument("The image file to check.", allowStandardInput: false);

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print only JSON (format-spec/schemas/snapcheck.schema.json) on standard output.",
    };

    private readonly Option<string?> _verifyKey = new("--verify-key")
    {
        Description = "Verify the image's signature with this key file (ECDSA P-256 public key in PEM, or the HMAC-SHA256 secret as hex or base64); an unsigned or tampered image is then a problem.",
    };

    private readonly Option<bool> _quick = new("--quick")
    {
        Description = "Check only the framing, every CRC, the index and the footer, at the speed of reading the file: nothing is decompressed, hashed or cross-checked.",
    };

    private readonly Option<int> _threads = ThreadsOption(
        "Workers that read, decompress and hash chunks (default 0: all cores; 1: no extra threads). The report is the same for any number.");

    /// <summary>Declares the tool's command line.</summary>
    public SnapCheckTool(ToolContext context)
        : base(context, "snapcheck", "Check a snapshot image: framing, CRCs, chunk contents and cross references.")
    {
        Command.Arguments.Add(_image);
        Command.Options.Add(_json);
        Command.Options.Add(_quick);
        Command.Options.Add(_threads);
        Command.Options.Add(_verifyKey);

        Command.Options.Add(_kernel);
        Command.SetAction(parseResult =>
        {
            var image = parseResult.GetValue(_image)!;
            var keyFile = parseResult.GetValue(_verifyKey);
            SignatureVerifier? key = null;
            if (keyFile is not null)
            {
                try
                {
                    key = SignatureVerifier.FromKeyFile(keyFile);
                }
                catch (SigningKeyException ex)
                {
                    return Fail(keyFile, ex.Message);
                }
            }

            using (key)
            {
                var options = new ValidationOptions
                {
                    Level = parseResult.GetValue(_quick) ? ValidationLevel.Quick : ValidationLevel.Full,
                    Threads = parseResult.GetValue(_threads),
                };
                return Guard(image, () => Check(image, options, parseResult.GetValue(_json), key, parseResult.GetValue(_kernel)));
            }
        });
    }

    private int Check(string image, ValidationOptions options, bool json, SignatureVerifier? key, string? kernel)
    {
        if (Directory.Exists(image))
        {
            return Fail(image, "is a directory");
        }

        var report = WithProgress($"checking {Path.GetFileName(image)}", progress => ImageValidator.Validate(image, options, progress));
        var problems = report.Problems.Select(p => new CheckProblem(p.Section, Notation.Offset(p.Offset), p.Message)).ToList();
        var signature = CheckSignature(image, key, problems);
        var document = new CheckDocument(
            new ToolStamp(Name, ToolHost.Version),
            image,
            problems.Count == 0,
            problems,
            new CheckSummary(report.SectionsChecked, report.ChunksChecked, report.PageBytesChecked, problems.Count),
            signature)
        {
            Level = report.Level == ValidationLevel.Quick ? QuickLevel : null,
            Kernel = KernelVerdictFor(image, kernel, report.Problems.Count == 0),
        };

        if (json)
        {
            Context.Output.WriteLine(JsonSerializer.Serialize(document, ToolJsonContext.Output.CheckDocument));
        }
        else
        {
            WriteText(document);
        }

        return document.Valid && document.Kernel is null or { Verdict: "restorable" } ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    /// <summary>
    /// Without a key, a signed image is reported as such ("unverified") and an unsigned one not at all. With a
    /// key, anything but a verified signature is also a problem. A SIGNATURE section that cannot be read is
    /// reported only with a key: without one, the validation above has already listed the damage.
    /// </summary>
    private static CheckSignature? CheckSignature(string image, SignatureVerifier? key, List<CheckProblem> problems)
    {
        if (key is null)
        {
            ImageSignature? found;
            try
            {
                found = ImageSignatures.Find(image);
            }
            catch (SnapshotFormatException)
            {
                return null;
            }

            return found is null
                ? null
                : new CheckSignature("unverified", found.AlgorithmName, found.KeyId, $"signed ({found.AlgorithmName}), not verified");
        }

        SignatureVerification verification;
        try
        {
            verification = ImageSignatures.Verify(image, key);
        }
        catch (SnapshotFormatException ex)
        {
            verification = new SignatureVerification(SignatureStatus.Tampered, null, ex.Reason, ex.Section, ex.Offset);
        }

        var status = verification.Status switch
        {
            SignatureStatus.Verified => "verified",
            SignatureStatus.Unsigned => "unsigned",
            SignatureStatus.WrongKey => "wrong-key",
            _ => "tampered",
        };
        if (!verification.IsVerified)
        {
            problems.Add(new CheckProblem(verification.Section ?? "SIGNATURE", Notation.Offset(verification.Offset ?? verification.Signature?.Offset ?? 0),
                $"signature: {verification.Reason}"));
        }

        return new CheckSignature(status, verification.Signature?.AlgorithmName, verification.Signature?.KeyId, verification.Message);
    }

    private void WriteText(CheckDocument document)
    {
        var output = Context.Output;
        foreach (var problem in document.Problems)
        {
            output.WriteLine($"{problem.Section} at {problem.Offset}: {problem.Message}");
        }

        if (document.Signature is { } signature)
        {
            output.WriteLine($"signature: {signature.Message}");
        }

        WriteKernel(output, document.Kernel);

        var summary = document.Summary;
        var verdict = document.Valid
            ? "valid"
            : $"{summary.Problems} {(summary.Problems == 1 ? "problem" : "problems")} found";
        output.WriteLine(document.Level == QuickLevel
            ? string.Create(CultureInfo.InvariantCulture,
                $"{document.Image}: {verdict}, quick check ({Notation.Count(summary.SectionsChecked, "section")}, " +
                $"{Notation.Count(summary.ChunksChecked, "chunk")} checked: CRCs only; run without --quick to verify contents)")
            : string.Create(CultureInfo.InvariantCulture,
                $"{document.Image}: {verdict} ({Notation.Count(summary.SectionsChecked, "section")}, " +
                $"{Notation.Count(summary.ChunksChecked, "chunk")}, {Notation.Count(summary.PageBytesChecked, "page byte")} checked)"));
    }
}
