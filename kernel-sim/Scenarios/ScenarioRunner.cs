namespace KernelSim.Scenarios;

/// <summary>Executes a scenario's steps in order; the first failing step stops it with a <see cref="ScenarioException"/>.</summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Runs <paramref name="scenario"/>; <c>print</c> goes to <paramref name="output"/>, step reports to <paramref name="log"/>;
    /// checkpoints use format <paramref name="compatibility"/> at most (default: the current format). Returns the final context.
    /// </summary>
    public static ScenarioContext Run(Scenario scenario, TextWriter output, TextWriter log, Snapshot.Format.FormatVersion? compatibility = null)
    {
        var context = new ScenarioContext(scenario.BaseDirectory, output, log)
        {
            Compatibility = compatibility ?? Snapshot.Format.FormatVersion.Current,
        };
        foreach (var step in scenario.Steps)
        {
            try
            {
                step.Execute(context);
            }
            catch (StepException ex)
            {
                throw new ScenarioException(scenario.FileName, step.Line, ex.Message, ex.Failure, ex);
            }
            catch (ArgumentException ex)
            {
                // Kernel calls reject impossible requests (a task that is gone) with ArgumentException.
                throw new ScenarioException(scenario.FileName, step.Line, ex.Message, ScenarioFailure.Invalid, ex);
            }
        }

        return context;
    }
}
