namespace Snapshot.Fuzz.Campaign;

/// <summary>Counts for one target over a campaign.</summary>
public sealed class TargetStatistics(string target)
{
    public string Target { get; } = target;

    public int Tried { get; internal set; }

    public int Accepted { get; internal set; }

    public int Refused { get; internal set; }

    public int Findings { get; internal set; }

    public long MaxAllocatedBytes { get; internal set; }

    public TimeSpan MaxTime { get; internal set; }

    public TimeSpan TotalTime { get; internal set; }
}
