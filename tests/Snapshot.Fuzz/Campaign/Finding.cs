namespace Snapshot.Fuzz.Campaign;

/// <summary>One problem: which target, what kind, the message, and the input (its hash, the mutation, where it was saved).</summary>
public sealed record Finding(string Target, FindingKind Kind, string Message, string InputHash, string Input, string? SavedPath)
{
    public override string ToString() =>
        $"{Target}: {Kind.ToString().ToLowerInvariant()}: {Message} [input {InputHash}: {Input}]{(SavedPath is null ? "" : $" saved as {SavedPath}")}";
}
