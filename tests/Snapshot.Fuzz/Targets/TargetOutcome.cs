namespace Snapshot.Fuzz.Targets;

/// <summary>An allowed result: the input was accepted, or refused the documented way.</summary>
public enum TargetOutcome
{
    Accepted,
    Refused,
}
