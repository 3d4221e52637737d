using System.Globalization;
using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>Runs a command several times as a child process and keeps each run's time and peak memory.</summary>
public sealed class Sampler(string stderrPath)
{
    public Sample Measure(CommandLine command, int runs, IReadOnlyCollection<int> successCodes)
    {
        var seconds = new List<double>(runs);
        long? peak = null;
        for (int run = 0; run < runs; run++)
        {
            ProcessOutcome outcome = RunOnce(command, successCodes);
            seconds.Add(command.TimingFile is { } timing ? ReportedSeconds(command, timing) : outcome.Elapsed.TotalSeconds);
            if (outcome.PeakRssBytes is { } rss)
                peak = Math.Max(peak ?? 0, rss);
        }
        return new Sample(seconds, peak);
    }

    public ProcessOutcome RunOnce(CommandLine command, IReadOnlyCollection<int> successCodes)
    {
        if (command.TimingFile is { } timing)
            File.Delete(timing);
        ProcessOutcome outcome = ChildProcess.Run(command, stderrPath);
        if (!successCodes.Contains(outcome.ExitCode))
        {
            string last = outcome.StandardErrorTail.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no message";
            throw new CommandFailedException($"exit code {outcome.ExitCode} from {command.Display}: {last}");
        }
        return outcome;
    }

    /// <summary>The seconds a command that times its own phase wrote (see <see cref="CommandLine.TimingFile"/>).</summary>
    private static double ReportedSeconds(CommandLine command, string timing)
    {
        string text = File.Exists(timing) ? File.ReadAllText(timing).Trim() : "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds >= 0))
            throw new CommandFailedException($"{command.Display} did not write its timed seconds to {timing} (found '{text}')");
        return seconds;
    }
}
