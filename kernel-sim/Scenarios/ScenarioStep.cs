namespace KernelSim.Scenarios;

/// <summary>One command line of a scenario. Steps report their problems as <see cref="StepException"/>; the runner adds file and line.</summary>
public abstract record ScenarioStep(int Line)
{
    public abstract void Execute(ScenarioContext context);
}
