using Spectre.Console;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// Forwards the validator's progress (0..1) to a Spectre progress task synchronously; <see cref="Progress{T}"/>
/// would post to the thread pool and could report after the check has finished.
/// </summary>
internal sealed class ProgressTaskReporter(ProgressTask task) : IProgress<double>
{
    public void Report(double value) => task.Value = Math.Clamp(value, 0, task.MaxValue);
}
