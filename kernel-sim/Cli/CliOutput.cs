namespace KernelSim.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>.</summary>
public sealed record CliOutput(TextWriter Out, TextWriter Error)
{
    public static CliOutput Console { get; } = new(System.Console.Out, System.Console.Error);

    /// <summary>Reports a failure as one line and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, string message)
    {
        Error.WriteLine($"kernel-sim: {message}");
        return exitCode;
    }
}
