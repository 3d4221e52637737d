using KernelSim.Reporting;
using KernelSim.Restore;
using Snapshot.Format;

namespace KernelSim.Scenarios.Steps;

/// <summary>
/// <c>restore FILE [as LABEL] [err-resume]</c>: re-creates the image's tasks (a label needs an image of one task);
/// <c>err-resume</c> hangs up connections to a missing or duplicate server instead of failing.
/// </summary>
public sealed record RestoreStep(int Line, string File, string? Label, CheckpointErrorPolicy ErrorPolicy = CheckpointErrorPolicy.Cancel) : ScenarioStep(Line)
{
    /// <summary>Parses the words after <c>restore</c>.</summary>
    public static RestoreStep Parse(int line, IReadOnlyList<string> words)
    {
        var at = 0;
        string Next(string what) => at < words.Count ? words[at++] : throw new StepException($"missing {what}");
        var file = Next("an image file");
        string? label = null;
        var errors = CheckpointErrorPolicy.Cancel;
        while (at < words.Count)
        {
            switch (Next("an option"))
            {
                case "as":
                    label = Next("a label after 'as'");
                    break;
                case "err-resume":
                    errors = CheckpointErrorPolicy.Resume;
                    break;
                case var other:
                    throw new StepException($"unexpected '{other}' (restore options: as LABEL, err-resume)");
            }
        }

        return new RestoreStep(line, file, label, errors);
    }

    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        RestoreResult result;
        try
        {
            result = new Restorer(kernel).Restore(context.ResolvePath(File), new RestoreOptions { ErrorPolicy = ErrorPolicy });
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

        foreach (var note in result.Notes)
        {
            context.Log.WriteLine($"tick {kernel.Now}: restore {File}: {note}");
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
