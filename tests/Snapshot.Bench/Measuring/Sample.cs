namespace Snapshot.Bench.Measuring;

/// <summary>
/// The runs of one command: every run's elapsed and CPU (user + system) seconds, their medians, and the largest
/// peak RSS seen. CPU time and RSS are null when they cannot be measured here.
/// </summary>
public sealed class Sample
{
    private readonly List<double> _seconds = [];
    private readonly List<double> _cpuSeconds = [];
    private bool _cpuMissing;

    public IReadOnlyList<double> Seconds => _seconds;

    public long? PeakRssBytes { get; private set; }

    public double MedianSeconds => Median(_seconds);

    public double? MedianCpuSeconds => _cpuMissing || _cpuSeconds.Count == 0 ? null : Median(_cpuSeconds);

    public void Add(double seconds, double? cpuSeconds, long? peakRssBytes)
    {
        _seconds.Add(seconds);
        if (cpuSeconds is { } cpu)
            _cpuSeconds.Add(cpu);
        else
            _cpuMissing = true;
        if (peakRssBytes is { } rss)
            PeakRssBytes = Math.Max(PeakRssBytes ?? 0, rss);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
