namespace Snapshot.Bench.Measuring;

/// <summary>An issue-6 target for one row: a minimum speed ratio against the peer, a maximum time for the tool, or none.</summary>
public sealed record Target(string Text, double? MinRatio = null, double? MaxToolSeconds = null)
{
    public static Target AtLeast(double ratio) => new($">= {ratio:0.0#}x peer", MinRatio: ratio);

    public static Target Under(double seconds) => new($"< {seconds:0.0#} s", MaxToolSeconds: seconds);

    /// <summary>A row issue 6 sets no target for (reported for information).</summary>
    public static Target None { get; } = new("none (information)");

    /// <summary>Whether the figures meet the target; null when a figure it needs is missing.</summary>
    public bool? Met(double? ratio, double? toolSeconds) =>
        MinRatio is { } min ? (ratio is { } r ? r >= min : null)
        : MaxToolSeconds is { } max ? (toolSeconds is { } t ? t < max : null)
        : null;
}
