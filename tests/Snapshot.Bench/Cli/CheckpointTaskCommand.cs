using System.CommandLine;
using KernelSim.Checkpoint;
using Snapshot.Bench.Images;
using Snapshot.Bench.Measuring;
using Snapshot.Format;
using Snapshot.Format.Chains;

namespace Snapshot.Bench.Cli;

/// <summary>
/// <c>Snapshot.Bench checkpoint-task PROGRAM --arg A --ticks T -o OUT --runs N --timing FILE [--incremental-out CHILD --change-percent P]</c>:
/// kernel-sim's checkpoint of a program's task with its write phase timed alone, N times after one run of the
/// program (see <see cref="TimedCheckpoint"/>); with <c>--incremental-out</c>, each full checkpoint is followed by
/// P% of the pages changed and an incremental checkpoint naming it. FILE gets one line per timed phase:
/// <c>LABEL ELAPSED_SECONDS CPU_SECONDS</c> (labels <c>full</c>, <c>incremental</c>).
/// </summary>
public sealed class CheckpointTaskCommand : Command
{
    private const ulong ChangeSeed = 0x5EED_0003;

    private readonly Argument<string> _program = new("program") { Description = "A kernel-sim sample program name or a .s file." };
    private readonly Option<ulong> _arg = new("--arg") { Description = "Argument passed to the program in r1." };
    private readonly Option<ulong> _ticks = new("--ticks") { Description = "Ticks to run before the first checkpoint (not timed).", Required = true };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The full image to write (each run overwrites it).", Required = true };
    private readonly Option<int> _runs = new("--runs") { Description = "Timed rounds after the one run of the program.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _timing = new("--timing") { Description = "File that receives one line per timed phase: label, elapsed and CPU seconds.", Required = true };
    private readonly Option<string?> _incrementalOut = new("--incremental-out") { Description = "After each full checkpoint, change pages and write its incremental child here." };
    private readonly Option<int> _level = new("--level") { Description = "zstd level of the images, 1..19.", DefaultValueFactory = _ => ImageEncoding.Default.CompressionLevel };
    private readonly Option<int> _changePercent = new("--change-percent")
    {
        Description = "With --incremental-out: percent of the largest area's pages overwritten between parent and child.",
        DefaultValueFactory = _ => 1,
    };

    public CheckpointTaskCommand()
        : base("checkpoint-task", "Run a kernel-sim program once and checkpoint its task --runs times, timing each checkpoint alone.")
    {
        Arguments.Add(_program);
        Options.Add(_arg);
        Options.Add(_ticks);
        Options.Add(_output);
        Options.Add(_runs);
        Options.Add(_timing);
        Options.Add(_incrementalOut);
        Options.Add(_changePercent);
        Options.Add(_level);
        SetAction(parseResult =>
        {
            int runs = parseResult.GetValue(_runs);
            int percent = parseResult.GetValue(_changePercent);
            int level = parseResult.GetValue(_level);
            if (runs < 1 || percent is < 1 or > 100 || level is < 1 or > 19)
            {
                Console.Error.WriteLine("bench checkpoint-task: --runs must be at least 1, --change-percent 1..100 and --level 1..19");
                return ExitCodes.Trouble;
            }

            try
            {
                var times = TimedCheckpoint.Run(parseResult.GetValue(_program)!, parseResult.GetValue(_arg), parseResult.GetValue(_ticks), runs,
                    parseResult.GetValue(_output)!, parseResult.GetValue(_incrementalOut), percent, ChangeSeed,
                    ImageEncoding.Default with { CompressionLevel = level });
                File.WriteAllLines(parseResult.GetValue(_timing)!,
                    times.Select(t => FormattableString.Invariant($"{t.Label} {t.Time.Elapsed.TotalSeconds:R} {t.Time.Cpu.TotalSeconds:R}")));
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is BenchSetupException or CheckpointRefusedException or CheckpointCancelledException or ChainException
                                           or SnapshotFormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bench checkpoint-task: {ex.Message}");
                return ExitCodes.Trouble;
            }
        });
    }
}
