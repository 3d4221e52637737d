namespace Snapshot.Format.Repair;

/// <summary>The condition of one fixed part of the input (header, index, footer) and what was wrong with it.</summary>
public sealed record PartState(PartCondition Condition, string? Detail)
{
    /// <summary>An intact part.</summary>
    public static PartState Intact { get; } = new(PartCondition.Intact, null);
}
