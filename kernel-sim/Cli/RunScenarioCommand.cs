using System.CommandLine;
using KernelSim.Scenarios;

namespace KernelSim.Cli;

/// <summary><c>kernel-sim run SCENARIO</c>: runs a scenario file.</summary>
public sealed class RunScenarioCommand : Command
{
    private readonly CliOutput _output;
    private readonly Argument<string> _scenario = new("scenario") { Description = "The scenario file (.scn); relative paths inside it are relative to its directory." };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Do not report each step on stderr; only 'print' output appears (on stdout)." };

    public RunScenarioCommand(CliOutput output)
        : base("run", "Run a scenario file: boot, spawn, run, checkpoint, kill, restore, print and expect, one command per line.\n" +
                      "Exit 0 when every line succeeded, 1 when an 'expect' failed or a run did not finish, 2 for a malformed scenario or bad input.")
    {
        _output = output;
        Arguments.Add(_scenario);
        Options.Add(_quiet);
        SetAction(parseResult => Execute(parseResult.GetValue(_scenario)!, parseResult.GetValue(_quiet)));
    }

    public int Execute(string scenarioPath, bool quiet = false)
    {
        try
        {
            var scenario = Scenario.Load(scenarioPath);
            ScenarioRunner.Run(scenario, _output.Out, quiet ? TextWriter.Null : _output.Error);
            return ExitCodes.Ok;
        }
        catch (ScenarioException ex)
        {
            return _output.Fail(ex.Failure == ScenarioFailure.Expectation
                ? ExitCodes.CheckFailed
                : ExitCodes.BadInput, ex.Message);
        }
    }
}
