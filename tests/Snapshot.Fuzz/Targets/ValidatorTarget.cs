using Snapshot.Format;
using Snapshot.Format.Validation;

namespace Snapshot.Fuzz.Targets;

/// <summary>ImageValidator: the full check behind snapcheck.</summary>
public sealed class ValidatorTarget : FuzzTarget
{
    public override string Name => "validator";

    public override bool MeasuresAllocation => true;

    public override TargetOutcome Run(FuzzInput input) =>
        ImageValidator.Validate(input.Path).IsValid ? TargetOutcome.Accepted : TargetOutcome.Refused;

    public override bool IsDocumented(Exception exception) => exception is SnapshotFormatException;
}
