using KernelSim.Kernel;
using KernelSim.Reporting;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>print console</c> (everything tasks wrote, as bytes) or <c>print tasks</c> (one line per task).</summary>
public sealed record PrintStep(int Line, PrintWhat What) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        switch (What)
        {
            case PrintWhat.Console:
                context.Output.Write(kernel.Console.Text);
                break;
            case PrintWhat.Tasks:
                foreach (var task in kernel.Tasks)
                {
                    var state = task.State == TaskState.Active ? "active" : $"exited ({task.ExitReason})";
                    var pages = task.AddressSpace.Areas.Sum(area => area.MaterialisedPageCount);
                    context.Output.WriteLine($"task {task.Id} {task.Name}: {state}, {Quantity.Of(task.ThreadCount, "thread")}, {Quantity.Of(task.AddressSpace.Count, "area")}, {Quantity.Of(pages, "page")}");
                }

                break;
        }
    }
}
