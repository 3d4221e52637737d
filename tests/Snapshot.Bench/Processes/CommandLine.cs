namespace Snapshot.Bench.Processes;

/// <summary>
/// A program and its arguments, run without a shell; <see cref="StandardOutput"/> is the file its stdout goes to.
/// When <see cref="TimingFile"/> is set, the program times one phase of its own work (the checkpoint write of a
/// simulated task, without the simulation that produced its memory) and writes the seconds there as invariant
/// text: that figure is the run's time instead of spawn to reap.
/// </summary>
public sealed record CommandLine(string Program, IReadOnlyList<string> Arguments, string StandardOutput = "/dev/null", string? TimingFile = null)
{
    /// <summary>The command as a person would type it (for the report).</summary>
    public string Display
    {
        get
        {
            string text = string.Join(' ', new[] { Program }.Concat(Arguments).Select(Quote));
            return $"{text} > {Quote(StandardOutput)}";
        }
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./=:+,@".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";
}
