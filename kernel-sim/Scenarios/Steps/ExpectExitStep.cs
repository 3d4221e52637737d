using KernelSim.Kernel;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>expect exited LABEL [code N]</c>: the task has exited (with that exit code).</summary>
public sealed record ExpectExitStep(int Line, string Task, long? Code) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var taskId = context.TaskId(Task);
        if (context.Kernel.FindTask(taskId) is not { State: TaskState.Exited } task)
        {
            throw new StepException($"task {Task} (id {taskId}) has not exited", ScenarioFailure.Expectation);
        }

        if (Code is { } code && task.ExitCode != code)
        {
            throw new StepException($"task {Task} exited with code {task.ExitCode} ({task.ExitReason}), expected {code}", ScenarioFailure.Expectation);
        }
    }
}
