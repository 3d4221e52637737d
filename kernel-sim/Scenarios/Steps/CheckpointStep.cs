using KernelSim.Checkpoint;
using KernelSim.Reporting;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>checkpoint LABEL to FILE [kill]</c>: writes the task to an image; it keeps running unless <c>kill</c>.</summary>
public sealed record CheckpointStep(int Line, string Task, string File, bool Kill) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        var taskId = context.TaskId(Task);
        if (kernel.FindTask(taskId) is not { State: Kernel.TaskState.Active })
        {
            throw new StepException($"task {Task} (id {taskId}) is not running, there is nothing to checkpoint");
        }

        var path = context.ResolvePath(File);
        CheckpointSummary summary;
        try
        {
            summary = new Checkpointer(kernel).Checkpoint(taskId, path, Kill);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepException($"cannot write {File}: {ex.Message}", inner: ex);
        }
        catch (CheckpointRefusedException ex)
        {
            throw new StepException($"cannot checkpoint {Task}: {ex.Message}", inner: ex);
        }

        context.Log.WriteLine($"tick {kernel.Now}: checkpoint task {taskId} to {File}: {Quantity.Of(summary.Threads, "thread")}, {Quantity.Of(summary.Areas, "area")}, " +
                              $"{Quantity.Of(summary.MaterialisedPages, "page")}, {Quantity.Of(summary.Bytes, "byte")}{(Kill ? ", task killed" : "")}");
    }
}
