using KernelSim.Kernel;
using Snapshot.Format.Kernels;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>boot [BUILD] [seed N]</c>: starts a fresh kernel (the previous one, its tasks and console are dropped).</summary>
public sealed record BootStep(int Line, string Build, ulong Seed) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var profile = KernelBuildCatalog.Find(Build) ?? throw new StepException(Microkernel.UnknownBuildMessage(Build));
        context.Boot(new Microkernel(profile, Seed));
        context.Log.WriteLine($"boot {profile.Stamp.Display} seed {Seed}");
    }
}
