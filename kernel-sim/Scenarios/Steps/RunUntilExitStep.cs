using KernelSim.Kernel;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>run until-exit [max N]</c>: runs until every task has exited; a deadlock or the tick cap is an error.</summary>
public sealed record RunUntilExitStep(int Line, ulong MaxTicks) : ScenarioStep(Line)
{
    public const ulong DefaultMaxTicks = 10_000_000;

    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        var result = kernel.RunUntilExit(MaxTicks);
        switch (result.Stop)
        {
            case RunStop.AllExited:
                context.Log.WriteLine($"tick {kernel.Now}: all tasks exited after {result.Ticks} ticks");
                break;
            case RunStop.Deadlock:
                throw new StepException($"deadlock at tick {kernel.Now}: every remaining thread waits on a futex nobody can wake", ScenarioFailure.Expectation);
            default:
                throw new StepException($"tasks still running after {MaxTicks} ticks (raise the cap with 'run until-exit max N')", ScenarioFailure.Expectation);
        }
    }
}
