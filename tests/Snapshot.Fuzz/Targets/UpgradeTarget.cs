using System.Security.Cryptography;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Upgrade;
using Snapshot.Format.Validation;

namespace Snapshot.Fuzz.Targets;

/// <summary>
/// snapupgrade's library (the tool itself is the "snapupgrade" tool target): plan the conversion of the image to every built-in build (refusing only with
/// <see cref="SnapshotFormatException"/>), and write every conversion the plan allows. Each output must be an
/// image the validator finds nothing wrong with (when the input was one: a conversion carries the input's own
/// inconsistencies over), and the input must not change: anything else is a finding.
/// </summary>
public sealed class UpgradeTarget : FuzzTarget
{
    public override string Name => "upgrade";

    public override TargetOutcome Run(FuzzInput input)
    {
        byte[] before = SHA256.HashData(File.ReadAllBytes(input.Path));
        bool inputValid = ImageValidator.Validate(input.Path).IsValid;
        var outcome = TargetOutcome.Refused;
        foreach (KernelBuildProfile target in KernelBuildCatalog.BuiltIn)
        {
            var options = new UpgradeOptions { Target = target };
            if (!ImageUpgrader.Plan(input.Path, options).CanConvert)
                continue;
            string output = Path.Combine(input.ScratchDirectory, $"upgraded-{target.Build}.snap");
            try
            {
                ImageUpgrader.Upgrade(input.Path, output, options);
            }
            catch (UpgradeRefusedException ex)
            {
                throw new FuzzViolation($"the plan allowed the conversion to {target.Build} but writing it refused: {ex.Message}");
            }

            ValidationReport report = ImageValidator.Validate(output);
            if (inputValid && !report.IsValid)
            {
                throw new FuzzViolation($"the conversion to {target.Build} wrote an invalid image: {report.Problems[0].Section} at 0x{report.Problems[0].Offset:x}: {report.Problems[0].Message}");
            }

            outcome = TargetOutcome.Accepted;
        }

        if (!before.AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(input.Path))))
            throw new FuzzViolation("the conversion changed its input");
        return outcome;
    }

    public override bool IsDocumented(Exception exception) => exception is SnapshotFormatException;
}
