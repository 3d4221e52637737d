namespace Snapshot.Bench.Measuring;

/// <summary>The runs of one command: every elapsed time in seconds, their median, and the largest peak RSS seen (null when not measurable).</summary>
public sealed record Sample(IReadOnlyList<double> Seconds, long? PeakRssBytes)
{
    public double MedianSeconds
    {
        get
        {
            double[] sorted = Seconds.Order().ToArray();
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
