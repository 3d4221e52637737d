namespace Snapshot.Fuzz.Targets;

/// <summary>
/// Something an image is fed to. <see cref="Run"/> returns what happened; it throws either a documented
/// exception (<see cref="IsDocumented"/>: a refusal) or anything else (a finding).
/// </summary>
public abstract class FuzzTarget
{
    public abstract string Name { get; }

    /// <summary>Library reader paths, whose allocation per input is bounded by the campaign's limit.</summary>
    public virtual bool MeasuresAllocation => false;

    public abstract TargetOutcome Run(FuzzInput input);

    public abstract bool IsDocumented(Exception exception);
}
