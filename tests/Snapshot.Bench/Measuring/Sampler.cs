using System.Globalization;
using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>Runs a command as a child process and adds each run's times and peak memory to its <see cref="Sample"/>.</summary>
public sealed class Sampler(string stderrPath)
{
    /// <summary>One measured run of <paramref name="command"/>, added to <paramref name="sample"/>.</summary>
    public void MeasureOnce(CommandLine command, IReadOnlyCollection<int> successCodes, Sample sample)
    {
        ProcessOutcome outcome = RunOnce(command, successCodes);
        sample.Add(outcome.Elapsed.TotalSeconds, outcome.CpuSeconds, outcome.PeakRssBytes);
    }

    /// <summary>
    /// One run of a command that times its own phases (<see cref="CommandLine.TimingFile"/>): a sample per label,
    /// each with the process's peak RSS.
    /// </summary>
    public IReadOnlyDictionary<string, Sample> MeasureSession(CommandLine command, IReadOnlyCollection<int> successCodes)
    {
        string timing = command.TimingFile ?? throw new ArgumentException("the command does not time its own phases", nameof(command));
        ProcessOutcome outcome = RunOnce(command, successCodes);
        var samples = new SortedDictionary<string, Sample>(StringComparer.Ordinal);
        string[] lines = File.Exists(timing) ? File.ReadAllLines(timing) : [];
        foreach (string line in lines.Where(l => l.Trim().Length > 0))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 3 || !TryParse(words[1], out double seconds) || !TryParse(words[2], out double cpu))
                throw new CommandFailedException($"{command.Display} wrote '{line}' to {timing}, not 'LABEL SECONDS CPU_SECONDS'");
            if (!samples.TryGetValue(words[0], out Sample? sample))
                samples.Add(words[0], sample = new Sample());
            sample.Add(seconds, cpu, outcome.PeakRssBytes);
        }
        if (samples.Count == 0)
            throw new CommandFailedException($"{command.Display} did not write its timed phases to {timing}");
        return samples;
    }

    public ProcessOutcome RunOnce(CommandLine command, IReadOnlyCollection<int> successCodes)
    {
        if (command.TimingFile is { } timing)
            File.Delete(timing);
        ProcessOutcome outcome = ChildProcess.Run(command, stderrPath);
        if (!successCodes.Contains(outcome.ExitCode))
        {
            string? last = LastLine(outcome.StandardErrorTail) ?? OutputExplanation(command);
            throw new CommandFailedException($"exit code {outcome.ExitCode} from {command.Display}: {last ?? "no message"}");
        }
        return outcome;
    }

    /// <summary>
    /// A failed command that said nothing on stderr (snapcheck reports its findings on stdout, which measuring sends
    /// to /dev/null) is run once more with its output kept, for the last line of it.
    /// </summary>
    private string? OutputExplanation(CommandLine command)
    {
        if (command.StandardOutput != "/dev/null")
            return null;
        string output = stderrPath + ".out";
        try
        {
            ChildProcess.Run(command with { StandardOutput = output }, stderrPath);
            return File.Exists(output) ? LastLine(File.ReadAllText(output)) : null;
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The last line that says something: not blank, not a "Run 'X --help' for usage." hint.</summary>
    private static string? LastLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !(l.StartsWith("Run '", StringComparison.Ordinal) && l.EndsWith("for usage.", StringComparison.Ordinal)));

    private static bool TryParse(string word, out double value) =>
        double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0;
}
