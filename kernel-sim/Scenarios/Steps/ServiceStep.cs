using KernelSim.Services;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>service NAME uncooperative</c>: the service never agrees to a checkpoint request (the failure-path tests).</summary>
public sealed record ServiceStep(int Line, string Name) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var id = ServiceIds.Find(Name) ?? throw new StepException($"unknown service '{Name}' (services: {string.Join(", ", ServiceIds.All.Select(ServiceIds.NameOf))})");
        context.Service<ICooperativeService>(id).IsUncooperative = true;
        context.Log.WriteLine($"tick {context.Kernel.Now}: service {Name} uncooperative");
    }
}
