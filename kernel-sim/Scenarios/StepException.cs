namespace KernelSim.Scenarios;

/// <summary>Thrown by a step; the runner turns it into a <see cref="ScenarioException"/> naming the file and line.</summary>
public sealed class StepException : Exception
{
    public StepException(string reason, ScenarioFailure failure = ScenarioFailure.Invalid, Exception? inner = null)
        : base(reason, inner)
    {
        Failure = failure;
    }

    public ScenarioFailure Failure { get; }
}
