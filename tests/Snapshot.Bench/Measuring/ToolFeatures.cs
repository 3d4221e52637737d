using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// What this build of the tools can do, asked of the tools themselves (their --help and exit codes), so that a
/// feature that has not landed is reported as not available rather than measured as something else.
/// </summary>
public sealed record ToolFeatures(bool QuickCheck, bool Upgrade, bool MemMix)
{
    public static ToolFeatures Probe(ToolSet tools, string workDirectory)
    {
        string output = Path.Combine(workDirectory, "probe.out");
        string error = Path.Combine(workDirectory, "probe.err");

        string? Ask(CommandLine command)
        {
            ProcessOutcome outcome = ChildProcess.Run(command with { StandardOutput = output }, error);
            return outcome.ExitCode == 0 ? File.ReadAllText(output) : null;
        }

        try
        {
            string? check = Ask(tools.Snap("snapcheck", "--help"));
            string? upgrade = Ask(tools.Snap("snapupgrade", "--help"));
            string? programs = Ask(tools.KernelSim("programs"));
            return new ToolFeatures(
                QuickCheck: check?.Contains("--quick", StringComparison.Ordinal) == true,
                Upgrade: upgrade?.Contains("--to", StringComparison.Ordinal) == true,
                MemMix: programs?.Split('\n').Any(line => line.StartsWith("memmix ", StringComparison.Ordinal)) == true);
        }
        finally
        {
            File.Delete(output);
            File.Delete(error);
        }
    }
}
