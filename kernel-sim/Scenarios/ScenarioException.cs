namespace KernelSim.Scenarios;

/// <summary>A scenario error, located by file and line: "demo.scn:7: unknown task label 't3'" (line 0: the file as a whole).</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string file, int line, string reason, ScenarioFailure failure = ScenarioFailure.Invalid, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}", inner)
    {
        File = file;
        Line = line;
        Reason = reason;
        Failure = failure;
    }

    public string File { get; }

    public int Line { get; }

    public string Reason { get; }

    public ScenarioFailure Failure { get; }
}
