using System.CommandLine;
using System.Globalization;
using KernelSim.Checkpoint;
using Snapshot.Bench.Images;
using Snapshot.Bench.Measuring;
using Snapshot.Format;

namespace Snapshot.Bench.Cli;

/// <summary>
/// <c>Snapshot.Bench checkpoint-task PROGRAM --arg A --ticks T -o OUT --timing FILE</c>: kernel-sim's checkpoint of a
/// program's task with its write phase timed alone (see <see cref="TimedCheckpoint"/>); the seconds go to FILE.
/// </summary>
public sealed class CheckpointTaskCommand : Command
{
    private readonly Argument<string> _program = new("program") { Description = "A kernel-sim sample program name or a .s file." };
    private readonly Option<ulong> _arg = new("--arg") { Description = "Argument passed to the program in r1." };
    private readonly Option<ulong> _ticks = new("--ticks") { Description = "Ticks to run before the checkpoint (not timed).", Required = true };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The image to write.", Required = true };
    private readonly Option<string> _timing = new("--timing") { Description = "File that receives the checkpoint's seconds.", Required = true };

    public CheckpointTaskCommand()
        : base("checkpoint-task", "Run a kernel-sim program and checkpoint its task, timing the checkpoint alone.")
    {
        Arguments.Add(_program);
        Options.Add(_arg);
        Options.Add(_ticks);
        Options.Add(_output);
        Options.Add(_timing);
        SetAction(parseResult =>
        {
            try
            {
                TimeSpan elapsed = TimedCheckpoint.Write(parseResult.GetValue(_program)!, parseResult.GetValue(_arg),
                    parseResult.GetValue(_ticks), parseResult.GetValue(_output)!);
                File.WriteAllText(parseResult.GetValue(_timing)!, elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + "\n");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is BenchSetupException or CheckpointRefusedException or CheckpointCancelledException
                                           or SnapshotFormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bench checkpoint-task: {ex.Message}");
                return ExitCodes.Trouble;
            }
        });
    }
}
