using KernelSim.Checkpoint;
using KernelSim.Reporting;
using Snapshot.Format;

namespace KernelSim.Scenarios.Steps;

/// <summary>
/// <c>checkpoint LABEL[,LABEL...] to FILE [kill|kill-zero|kill-all] [timeout N] [err-resume] [file-policy P] [parent IMAGE] [include-code]</c>:
/// writes the checkpoint set built from the labelled tasks to an image. The tasks keep running unless a kill
/// option says otherwise (<c>kill</c> and <c>kill-zero</c>: the labelled tasks; <c>kill-all</c>: every task of
/// the set). <c>timeout</c> bounds the ticks waited for cooperation, <c>err-resume</c> records an uncooperative
/// connection instead of failing, <c>file-policy</c> is unchangeable (default), volatile, backup-overwrite or backup-skip.
/// <c>parent IMAGE</c> writes an incremental image: only chunks with pages written since IMAGE (the last image this
/// run wrote or restored) are stored, the others are references into IMAGE's chain. <c>include-code</c> stores the code
/// pages of catalogued programs, which are otherwise references to the program (format 1.3).
/// </summary>
public sealed record CheckpointStep(int Line, IReadOnlyList<string> Tasks, string File, KillPolicy Kill,
    ulong TimeoutTicks = CheckpointRequest.DefaultTimeoutTicks, CheckpointErrorPolicy ErrorPolicy = CheckpointErrorPolicy.Cancel,
    FilePolicy FilePolicy = FilePolicy.Unchangeable, string? Parent = null, bool IncludeCode = false) : ScenarioStep(Line)
{
    /// <summary>The single-task form (<c>checkpoint LABEL to FILE [kill]</c>).</summary>
    public CheckpointStep(int line, string task, string file, bool kill)
        : this(line, [task], file, kill ? KillPolicy.Zero : KillPolicy.None)
    {
    }

    /// <summary>Value equality, the task labels compared in order (parser tests compare steps).</summary>
    public bool Equals(CheckpointStep? other) =>
        other is not null && Line == other.Line && Tasks.SequenceEqual(other.Tasks) && File == other.File && Kill == other.Kill
        && TimeoutTicks == other.TimeoutTicks && ErrorPolicy == other.ErrorPolicy && FilePolicy == other.FilePolicy && Parent == other.Parent
        && IncludeCode == other.IncludeCode;

    public override int GetHashCode() => HashCode.Combine(Line, File, Kill, TimeoutTicks, ErrorPolicy, FilePolicy);

    /// <summary>Parses the words after <c>checkpoint</c>.</summary>
    public static CheckpointStep Parse(int line, IReadOnlyList<string> words)
    {
        var at = 0;
        string Next(string what) => at < words.Count ? words[at++] : throw new StepException($"missing {what}");
        var tasks = Next("a task label").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (tasks.Length == 0)
        {
            throw new StepException("missing a task label");
        }

        if (Next("'to'") is var to && to != "to")
        {
            throw new StepException($"expected 'to', found '{to}'");
        }

        var file = Next("an image file after 'to'");
        var kill = KillPolicy.None;
        var timeout = CheckpointRequest.DefaultTimeoutTicks;
        var errors = CheckpointErrorPolicy.Cancel;
        var files = FilePolicy.Unchangeable;
        string? parent = null;
        var includeCode = false;
        while (at < words.Count)
        {
            switch (Next("an option"))
            {
                case "kill" or "kill-zero":
                    kill = KillPolicy.Zero;
                    break;
                case "kill-all":
                    kill = KillPolicy.All;
                    break;
                case "timeout":
                    var ticks = Next("a tick count after 'timeout'");
                    timeout = ScenarioNumbers.TryParse(ticks, out var value) && value > 0 ? value : throw new StepException($"'{ticks}' is not a positive tick count");
                    break;
                case "err-resume":
                    errors = CheckpointErrorPolicy.Resume;
                    break;
                case "file-policy":
                    var name = Next("a policy after 'file-policy'");
                    files = FilePolicies.Parse(name) ?? throw new StepException($"unknown file policy '{name}' (policies: {FilePolicies.Names})");
                    break;
                case "parent":
                    parent = Next("an image file after 'parent'");
                    break;
                case "include-code":
                    includeCode = true;
                    break;
                case var other:
                    throw new StepException($"unexpected '{other}' (checkpoint options: kill, kill-zero, kill-all, timeout N, err-resume, file-policy P, parent IMAGE, include-code)");
            }
        }

        return new CheckpointStep(line, tasks, file, kill, timeout, errors, files, parent, includeCode);
    }

    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        var ids = new List<ulong>();
        foreach (var task in Tasks)
        {
            var taskId = context.TaskId(task);
            if (kernel.FindTask(taskId) is not { State: Kernel.TaskState.Active })
            {
                throw new StepException($"task {task} (id {taskId}) is not running, there is nothing to checkpoint");
            }

            ids.Add(taskId);
        }

        var path = context.ResolvePath(File);
        CheckpointSetSummary summary;
        try
        {
            summary = new Checkpointer(kernel).Checkpoint(new CheckpointRequest(ids, path)
            {
                Kill = Kill,
                TimeoutTicks = TimeoutTicks,
                ErrorPolicy = ErrorPolicy,
                FilePolicy = FilePolicy,
                Parent = Parent is null ? null : context.ResolvePath(Parent),
                IncludeCode = IncludeCode,
                Encoding = ImageEncoding.Default with { Compatibility = context.Compatibility },
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepException($"cannot write {File}: {ex.Message}", inner: ex);
        }
        catch (Exception ex) when (ex is CheckpointRefusedException or CheckpointCancelledException)
        {
            throw new StepException($"cannot checkpoint {string.Join(",", Tasks)}: {ex.Message}", inner: ex);
        }

        var what = summary.TaskIds.Count == 1 ? $"task {summary.TaskIds[0]}" : $"tasks {string.Join(", ", summary.TaskIds)}";
        context.Log.WriteLine($"tick {summary.Tick}: checkpoint {what} to {File}{(Parent is null ? "" : $" (parent {Parent})")}: {Quantity.Of(summary.Threads, "thread")}, {Quantity.Of(summary.Areas, "area")}, " +
                              $"{Quantity.Of(summary.MaterialisedPages, "page")}, " +
                              (summary.HasExternalState ? $"{Quantity.Of(summary.Calls, "pending call")}, services [{string.Join(", ", summary.Services.Select(service => service.Name))}], " : "") +
                              $"{Quantity.Of(summary.Bytes, "byte")}" +
                              (summary.NotCooperated.Count > 0 ? $", not cooperated: {string.Join("; ", summary.NotCooperated)}" : "") +
                              (summary.Killed.Count == 0 ? "" : summary.Killed.Count == 1 && summary.TaskIds.Count == 1 ? ", task killed" : $", killed {string.Join(", ", summary.Killed)}"));
    }
}
