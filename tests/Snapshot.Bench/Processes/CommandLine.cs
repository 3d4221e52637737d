namespace Snapshot.Bench.Processes;

/// <summary>A program and its arguments, run without a shell; <see cref="StandardOutput"/> is the file its stdout goes to.</summary>
public sealed record CommandLine(string Program, IReadOnlyList<string> Arguments, string StandardOutput = "/dev/null")
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
