using KernelSim.Kernel;
using KernelSim.Services;
using Snapshot.Format.Kernels;

namespace KernelSim.Scenarios.Steps;

/// <summary>
/// <c>boot [BUILD] [seed N] [without SERVICE...]</c>: starts a fresh kernel with the native services (the previous
/// kernel, its tasks and console are dropped); <c>without</c> leaves services out (<see cref="Without"/>: their
/// names, comma-separated), for the missing-server cases.
/// </summary>
public sealed record BootStep(int Line, string Build, ulong Seed, string Without = "") : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var profile = KernelBuildCatalog.Find(Build) ?? throw new StepException(Microkernel.UnknownBuildMessage(Build));
        var without = Without.Length == 0 ? [] : Without.Split(',');
        Microkernel kernel;
        try
        {
            kernel = KernelBoot.Boot(profile, Seed, without);
        }
        catch (ArgumentException ex)
        {
            throw new StepException(ex.Message, inner: ex);
        }

        context.Boot(kernel);
        context.Log.WriteLine($"boot {profile.Stamp.Display} seed {Seed}{(without.Length == 0 ? "" : $" without {string.Join(' ', without)}")}");
    }
}
