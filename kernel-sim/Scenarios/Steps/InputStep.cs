using KernelSim.Services;
using KernelSim.Services.Console;

namespace KernelSim.Scenarios.Steps;

/// <summary>
/// <c>input "TEXT"</c> / <c>input at TICK "TEXT"</c>: scripted console input, readable now or from tick TICK on
/// (never before input scripted earlier). Input is not echoed to the console.
/// </summary>
public sealed record InputStep(int Line, ulong? Tick, byte[] Text) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var console = context.Service<ConsoleService>(ServiceIds.Console);
        var tick = Tick ?? context.Kernel.Now;
        try
        {
            console.Input.Add(tick, Text);
        }
        catch (ArgumentException ex)
        {
            throw new StepException(ex.Message, inner: ex);
        }

        context.Log.WriteLine($"tick {context.Kernel.Now}: input \"{ScenarioText.Show(Text)}\" at tick {tick}");
    }
}
