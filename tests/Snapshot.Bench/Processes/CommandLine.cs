namespace Snapshot.Bench.Processes;

/// <summary>
/// A program and its arguments, run without a shell; <see cref="StandardOutput"/> is the file its stdout goes to.
/// When <see cref="TimingFile"/> is set, the program times phases of its own work itself (the checkpoint writes of
/// a simulated task, without the simulation that produced its memory), all the runs in one process, and writes one
/// line per timed phase there: <c>LABEL ELAPSED_SECONDS CPU_SECONDS</c>; a row takes the phases labelled
/// <see cref="TimingLabel"/> instead of timing the process from spawn to reap.
/// </summary>
public sealed record CommandLine(string Program, IReadOnlyList<string> Arguments, string StandardOutput = "/dev/null",
    string? TimingFile = null, string? TimingLabel = null)
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
