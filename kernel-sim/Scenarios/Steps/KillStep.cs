namespace KernelSim.Scenarios.Steps;

/// <summary><c>kill LABEL</c>: ends the task at once.</summary>
public sealed record KillStep(int Line, string Task) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        var taskId = context.TaskId(Task);
        if (kernel.FindTask(taskId) is not { State: Kernel.TaskState.Active })
        {
            throw new StepException($"task {Task} (id {taskId}) is not running");
        }

        kernel.Kill(taskId);
        context.Log.WriteLine($"tick {kernel.Now}: killed task {taskId}");
    }
}
