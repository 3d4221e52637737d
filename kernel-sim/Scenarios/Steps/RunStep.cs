namespace KernelSim.Scenarios.Steps;

/// <summary><c>run N</c>: runs N ticks.</summary>
public sealed record RunStep(int Line, ulong Ticks) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        context.Kernel.Run(Ticks);
        context.Log.WriteLine($"tick {context.Kernel.Now}: ran {Ticks} ticks");
    }
}
