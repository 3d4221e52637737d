using System.CommandLine;
using Snapshot.Format;

namespace KernelSim.Cli;

/// <summary>The kernel-sim command line: one <see cref="Command"/> class per verb.</summary>
public static class KernelSimCli
{
    public static RootCommand Create(CliOutput output)
    {
        var root = new RootCommand(
            "kernel-sim: a deterministic simulated microkernel that checkpoints tasks to snapshot images and restores them.\n" +
            "Start with 'kernel-sim demo'.");
        root.Subcommands.Add(new DemoCommand(output));
        root.Subcommands.Add(new RunScenarioCommand(output));
        root.Subcommands.Add(new CheckpointCommand(output));
        root.Subcommands.Add(new RestoreCommand(output));
        root.Subcommands.Add(new ProgramsCommand(output));
        return root;
    }

    /// <summary>Parses and runs a command line; usage errors are one line each and exit code 2.</summary>
    public static int Run(string[] args, CliOutput output)
    {
        var parseResult = Create(output).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                output.Error.WriteLine($"kernel-sim: {error.Message}");
            }

            output.Error.WriteLine("Run 'kernel-sim --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            // Commands report bad input themselves; what reaches here is the environment (no libzstd) or a bug,
            // and either way the user gets one line, never System.CommandLine's stack trace.
            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = output.Out,
                Error = output.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (ZstdUnavailableException ex)
        {
            return output.Fail(ExitCodes.BadInput, ex.Message);
        }
        catch (Exception ex)
        {
            return output.Fail(ExitCodes.InternalError, $"internal error: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
