namespace Snapshot.Fuzz.Targets;

/// <summary>A target's result that is not allowed although nothing was thrown: an undocumented exit code, an "internal error" line, a multi-line refusal.</summary>
public sealed class FuzzViolation : Exception
{
    public FuzzViolation(string message)
        : base(message)
    {
    }
}
