namespace Snapshot.Fuzz.Campaign;

/// <summary>What a campaign tried and found.</summary>
public sealed record FuzzSummary(int Inputs, IReadOnlyList<TargetStatistics> Targets, IReadOnlyList<string> SkippedTargets,
                                 IReadOnlyList<Finding> Findings, TimeSpan Elapsed)
{
    public void WriteTo(TextWriter writer)
    {
        writer.WriteLine($"{Inputs} inputs in {Elapsed.TotalSeconds:F1} s");
        writer.WriteLine($"{"target",-14} {"tried",8} {"accepted",9} {"refused",8} {"findings",9} {"max alloc",12} {"max time",10} {"total",9}");
        foreach (var target in Targets)
        {
            writer.WriteLine($"{target.Target,-14} {target.Tried,8} {target.Accepted,9} {target.Refused,8} {target.Findings,9} " +
                             $"{(target.MaxAllocatedBytes >= 0 ? $"{target.MaxAllocatedBytes / 1024.0:F0} KiB" : "-"),12} " +
                             $"{target.MaxTime.TotalMilliseconds,7:F0} ms {target.TotalTime.TotalSeconds,7:F1} s");
        }

        foreach (var skipped in SkippedTargets)
        {
            writer.WriteLine($"skipped: {skipped}");
        }

        writer.WriteLine(Findings.Count == 0 ? "no findings" : $"{Findings.Count} findings:");
        foreach (var finding in Findings)
        {
            writer.WriteLine($"  {finding}");
        }
    }
}
