using System.CommandLine;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Services;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Upgrade;

namespace KernelSim.Cli;

/// <summary>
/// <c>kernel-sim demo</c>: the whole story in one command: checkpoint, upgrade, restore, inspect. Runs a sample
/// program uninterrupted on the oldest kernel build; runs it again there, checkpoints it part way (killing it),
/// shows the image, converts it with snapupgrade's conversion to the newest build, shows the converted image,
/// restores it into a fresh kernel of the newest build, runs it to the end, and checks that "before the
/// checkpoint" + "after the restore" equals the uninterrupted run.
/// </summary>
public sealed class DemoCommand : Command
{
    public const ulong MaxTicks = 10_000_000;

    // Long consoles are shown by their first and last lines; the verdict always compares every byte.
    private const int ElidedEdge = 6;

    private readonly CliOutput _output;
    private readonly Option<string> _program = new("--program")
    {
        Description = "Sample program to run (see 'kernel-sim programs').",
        DefaultValueFactory = _ => "ckpt",
    };

    private readonly Option<ulong> _arg = new("--arg") { Description = "Argument passed to the program in r1 (default 0: the program's default)." };
    private readonly Option<ulong?> _ticks = new("--ticks") { Description = "Checkpoint after this many ticks (default: half of the uninterrupted run)." };
    private readonly Option<string?> _image = new("--image") { Description = "Where to write the image (default: kernel-sim-demo/<program>.snap in the temp directory)." };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Boot seed (default 0)." };
    private readonly Option<string> _from = new("--from")
    {
        Description = "Kernel build to run and checkpoint on (default: the oldest).",
        DefaultValueFactory = _ => KernelBuildCatalog.BuiltIn[0].Build,
    };

    private readonly Option<string> _to = new("--to")
    {
        Description = "Kernel build to convert the image to and restore on (default: the newest).",
        DefaultValueFactory = _ => KernelBuildCatalog.BuiltIn[^1].Build,
    };

    private readonly Option<bool> _full = new("--full") { Description = "Print the consoles in full instead of their first and last lines." };
    private readonly Option<bool> _summary = new("--summary")
    {
        Description = "Describe the image with kernel-sim's own short summary instead of running bin/snapinfo " +
                      "(which the demo uses when it runs from a source checkout; its first use builds the tools).",
    };

    public DemoCommand(CliOutput output)
        : base("demo", "Checkpoint a running sample program on the oldest kernel build, upgrade the image to the newest, restore it " +
                       "there and show that its output is exactly that of an uninterrupted run. Exit 0 when it is, 1 when it is not, 2 for bad input.")
    {
        _output = output;
        Options.Add(_program);
        Options.Add(_arg);
        Options.Add(_ticks);
        Options.Add(_image);
        Options.Add(_seed);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_full);
        Options.Add(_summary);
        SetAction(parseResult => Execute(parseResult.GetValue(_program)!, parseResult.GetValue(_arg), parseResult.GetValue(_ticks),
            parseResult.GetValue(_image), parseResult.GetValue(_seed), parseResult.GetValue(_full), parseResult.GetValue(_summary),
            parseResult.GetValue(_from), parseResult.GetValue(_to)));
    }

    public int Execute(string programName = "ckpt", ulong argument = 0, ulong? checkpointTick = null, string? imagePath = null, ulong seed = 0, bool full = false,
        bool summaryOnly = false, string? fromBuild = null, string? toBuild = null)
    {
        var output = _output.Out;
        fromBuild ??= KernelBuildCatalog.BuiltIn[0].Build;
        toBuild ??= KernelBuildCatalog.BuiltIn[^1].Build;
        if (KernelBuildCatalog.Find(fromBuild) is null || KernelBuildCatalog.Find(toBuild) is not { } target)
        {
            return _output.Fail(ExitCodes.BadInput, Microkernel.UnknownBuildMessage(KernelBuildCatalog.Find(fromBuild) is null ? fromBuild : toBuild));
        }

        AssembledProgram program;
        try
        {
            program = ProgramLibrary.Load(programName);
        }
        catch (Exception ex) when (ex is ArgumentException or AssemblerException)
        {
            return _output.Fail(ExitCodes.BadInput, ex.Message);
        }

        var image = imagePath ?? Path.Combine(Path.GetTempPath(), "kernel-sim-demo", program.Name + ".snap");
        var directory = Path.GetDirectoryName(Path.GetFullPath(image));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // 1. The reference: one uninterrupted run.
        var reference = KernelBoot.Boot(fromBuild, seed);
        output.WriteLine($"kernel-sim demo: program {program.Name} (arg {argument}), kernel {reference.Profile.Stamp.Display}, seed {seed}");
        output.WriteLine();
        reference.Spawn(program, argument);
        var whole = reference.RunUntilExit(MaxTicks);
        if (whole.Stop != RunStop.AllExited)
        {
            return _output.Fail(ExitCodes.CheckFailed, $"{program.Name} did not finish on its own ({whole.Stop} after {whole.Ticks} ticks)");
        }

        var expected = reference.Console.Text;
        output.WriteLine($"1. Uninterrupted run: {whole.Ticks} ticks. Console:");
        WriteIndented(output, expected, full);

        // 2. The same run, checkpointed part way and killed.
        var tick = checkpointTick ?? whole.Ticks / 2;
        if (tick == 0 || tick >= whole.Ticks)
        {
            return _output.Fail(ExitCodes.BadInput, $"--ticks must be between 1 and {whole.Ticks - 1} (the program runs {whole.Ticks} ticks)");
        }

        var first = KernelBoot.Boot(fromBuild, seed);
        var task = first.Spawn(program, argument);
        first.Run(tick);
        var before = first.Console.Text;
        try
        {
            new Checkpointer(first).Checkpoint(task.Id, image, kill: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return _output.Fail(ExitCodes.BadInput, $"cannot write {image}: {ex.Message}");
        }

        output.WriteLine();
        output.WriteLine($"2. Run again on {fromBuild}, checkpoint at tick {tick} and kill the task. Console before the checkpoint:");
        WriteIndented(output, before, full);

        // 3. What the image holds: snapinfo's view when the tools are at hand, else a summary read back
        //    through Snapshot.Format.
        output.WriteLine();
        if (Inspect(output, "3.", image, summaryOnly) is { } unreadable)
        {
            return unreadable;
        }

        // 4. snapupgrade's conversion (the same library code) to the restoring build, and the converted image.
        var upgraded = toBuild == fromBuild ? image : Path.ChangeExtension(image, null) + "." + toBuild + ".snap";
        if (upgraded != image)
        {
            output.WriteLine();
            UpgradePlan plan;
            try
            {
                plan = ImageUpgrader.Upgrade(image, upgraded, new UpgradeOptions { Target = target }).Plan;
            }
            catch (UpgradeRefusedException ex)
            {
                return _output.Fail(ExitCodes.CheckFailed, ex.Message);
            }

            WritePlan(output, plan, image, upgraded);
            if (Inspect(output, "  ", upgraded, summaryOnly) is { } notConverted)
            {
                return notConverted;
            }
        }

        // 5. A fresh kernel of the target build restores it and runs it to the end.
        var second = KernelBoot.Boot(toBuild, seed);
        RestoreResult restored;
        try
        {
            restored = new Restorer(second).Restore(upgraded);
        }
        catch (RestoreException ex)
        {
            return _output.Fail(ExitCodes.CheckFailed, $"restore failed: {ex.Message}");
        }

        var rest = second.RunUntilExit(MaxTicks);
        var after = second.Console.Text;
        output.WriteLine();
        output.WriteLine($"5. Restore into a fresh {toBuild} kernel (task {restored.Tasks[0].Task.Id}) and run to the end: {rest.Ticks} ticks. Console after the restore:");
        WriteIndented(output, after, full);

        // 6. The verdict.
        output.WriteLine();
        var same = rest.Stop == RunStop.AllExited && before + after == expected && tick + rest.Ticks == whole.Ticks;
        if (same)
        {
            output.WriteLine($"Verdict: PASS. Before the checkpoint ({before.Length} bytes) + after the restore ({after.Length} bytes) " +
                             $"equals the uninterrupted run ({expected.Length} bytes), and the interrupted run took the same {whole.Ticks} ticks.");
            output.WriteLine($"The images stay at {image} and {upgraded}: try 'bin/snapcheck {image} --kernel {toBuild}' or 'bin/kernel-sim restore {upgraded} --kernel {toBuild}'.");
            return ExitCodes.Ok;
        }

        output.WriteLine($"Verdict: FAIL. Before + after ({before.Length + after.Length} bytes, {tick + rest.Ticks} ticks, {rest.Stop}) " +
                         $"differs from the uninterrupted run ({expected.Length} bytes, {whole.Ticks} ticks).");
        return ExitCodes.CheckFailed;
    }

    /// <summary>Shows an image through bin/snapinfo when the tools are at hand, else through kernel-sim's own summary; null when it reads.</summary>
    private int? Inspect(TextWriter output, string step, string image, bool summaryOnly)
    {
        if (!summaryOnly && ShowWithSnapInfo(output, step, image))
        {
            return null;
        }

        output.WriteLine($"{step} The image {image}:");
        try
        {
            ImageSummary.Write(image, output);
            return null;
        }
        catch (SnapshotFormatException ex)
        {
            return _output.Fail(ExitCodes.CheckFailed, $"the image just written does not read back: {ex.Message}");
        }
    }

    /// <summary>What the conversion did: the counts, and the renumberings a reader can check in the two snapinfo views.</summary>
    private static void WritePlan(TextWriter output, UpgradePlan plan, string image, string upgraded)
    {
        output.WriteLine($"4. snapupgrade {image} -o {upgraded} --to {plan.Target.Build}: {plan.Tasks} task(s), {plan.Threads} thread(s) " +
                         $"converted through the canonical form, {plan.Chunks} memory chunk(s) copied without recompression; {plan.Changes.Count} changes, among them:");
        foreach (var change in plan.Changes.Where(change => change.Kind is "syscall" or "stop-site" or "enum" or "flag" or "struct"))
        {
            output.WriteLine($"   {change.Kind,-9} {change.Subject,-24} {change.From} -> {change.To}");
        }
    }

    private bool ShowWithSnapInfo(TextWriter output, string step, string image)
    {
        var launcher = SnapInfoProcess.FindLauncher();
        if (launcher is null)
        {
            return false;
        }

        _output.Error.WriteLine("kernel-sim: running bin/snapinfo (its first use builds the tools: about two minutes) ...");
        var (exitCode, text, error) = SnapInfoProcess.Run(launcher, image);
        if (exitCode != 0)
        {
            _output.Error.WriteLine($"kernel-sim: snapinfo failed (exit {exitCode}), showing a summary instead: {error.Trim()}");
            return false;
        }

        output.WriteLine($"{step} snapinfo {image}:");
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            output.WriteLine(line.Length == 0 ? string.Empty : $"   {line}");
        }

        return true;
    }

    private static void WriteIndented(TextWriter output, string text, bool full)
    {
        if (text.Length == 0)
        {
            output.WriteLine("   (nothing)");
            return;
        }

        var lines = text.TrimEnd('\n').Split('\n');
        var shown = full || lines.Length <= 2 * ElidedEdge + 1
            ? lines
            : [.. lines[..ElidedEdge], $"... {lines.Length - 2 * ElidedEdge} more lines (--full shows them) ...", .. lines[^ElidedEdge..]];
        foreach (var line in shown)
        {
            output.WriteLine($"   | {line}");
        }
    }
}
