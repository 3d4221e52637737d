using KernelSim.Reporting;
using KernelSim.Restore;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>restore FILE [as LABEL]</c>: re-creates the image's task (a label needs an image of one task).</summary>
public sealed record RestoreStep(int Line, string File, string? Label) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        RestoreResult result;
        try
        {
            result = new Restorer(kernel).Restore(context.ResolvePath(File));
        }
        catch (RestoreException ex)
        {
            throw new StepException(ex.Message, inner: ex);
        }

        foreach (var restored in result.Tasks)
        {
            var note = restored.KeptTaskId ? "" : $" (id {restored.ImageTaskId} was taken)";
            context.Log.WriteLine($"tick {kernel.Now}: restore {File}: task {restored.Task.Id}{note}, {Quantity.Of(restored.Task.ThreadCount, "thread")}");
        }

        if (Label is not null)
        {
            // The kernel is already changed here, so an image of several tasks is still restored; the label just cannot pick one.
            if (result.Tasks.Count != 1)
            {
                throw new StepException($"{File} holds {result.Tasks.Count} tasks; 'as {Label}' needs exactly one");
            }

            context.Bind(Label, result.Tasks[0].Task.Id);
        }
    }
}
