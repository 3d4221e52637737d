using KernelSim.Assembler;
using KernelSim.Kernel;
using KernelSim.Scenarios.Steps;
using KernelSim.Services;
using KernelSim.Services.Console;
using KernelSim.Services.Vfs;
using Snapshot.Format.Validation;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.Equivalence;

/// <summary>
/// The equivalence property over the IPC sample programs: run to the end uninterrupted, and run to tick k,
/// checkpoint every task as one set (killed), restore into the same kernel and run to the end, print the same
/// console and end with the same exit codes, for k at the first tick of each interesting state the programs
/// reach (each asserted to be hit) and a few ticks spread over the run. The programs count their calls in
/// their output ("served n", checksums), so a call delivered twice or lost changes the console.
/// </summary>
public sealed class SampleSetEquivalenceTests
{
    public static TheoryData<string> Samples => ["echo", "tetris", "filecopy", "shmpipe"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Checkpoint_restore_at_every_interesting_moment_continues_exactly_as_the_uninterrupted_run(string sample)
    {
        var (run, expected) = Sample(sample);
        var reference = run.Uninterrupted();
        Assert.Equal(RunStop.AllExited, reference.Stop);
        var (first, end) = MomentScan.Scan(run);
        foreach (var moment in expected)
        {
            Assert.True(first.ContainsKey(moment), $"{sample} never reaches {moment}");
        }

        using var temp = new TempDirectory();
        var moments = first.Values.Concat([end / 5, end / 2, end * 4 / 5]).Where(k => k > 0 && k < end).Distinct().Order();
        foreach (var k in moments)
        {
            var image = temp.File($"{sample}-{k}.snap");
            var interrupted = run.Interrupt(k, image);
            Assert.NotNull(interrupted);
            var validation = ImageValidator.Validate(image);
            Assert.True(validation.IsValid, $"{sample} at tick {k}: {string.Join("; ", validation.Problems)}");
            Assert.True(reference == interrupted!.Outcome,
                $"{sample} checkpointed at tick {k} (taken at {interrupted.Summary.Tick}):\n{interrupted.Outcome.Console}\n{interrupted.Outcome.Exits}\n---- expected\n{reference.Console}\n{reference.Exits}");
        }
    }

    private const ulong KeeperTicks = 40_000;

    // Sleeps r1 ticks and exits: keeps the kernel busy while tetris waits for its later input (an idle kernel
    // with a read pending would otherwise count as deadlocked).
    private static readonly AssembledProgram Keeper = KernelSim.Tests.Support.TestPrograms.Assemble("""
        _start:
            li r0, SYS_SLEEP
            syscall
            li r1, 0
            li r0, SYS_TASK_EXIT
            syscall
        """, "keeper");

    private static (SetRun Run, SetMoment[] Expected) Sample(string name) => name switch
    {
        "echo" => (SetRun.EchoPair(), [SetMoment.QueuedCall, SetMoment.DispatchedCall, SetMoment.AnsweredUnfetched, SetMoment.BlockedInSyncCall, SetMoment.ForwardedCall]),
        "tetris" => (new SetRun("spartan-0.5", kernel =>
        {
            var console = StandardServices.Find<ConsoleService>(kernel, ServiceIds.Console)!;
            console.Input.Add(0, "ax"u8);
            console.Input.Add(KeeperTicks - 10_000, "wdxq"u8);
            kernel.Spawn(ProgramLibrary.Load("tetris"));
            kernel.Spawn(Keeper, KeeperTicks);
        }), [SetMoment.ConsoleReadPending, SetMoment.BlockedInSyncCall]),
        "filecopy" => (new SetRun("spartan-0.5", kernel =>
        {
            var vfs = StandardServices.Find<VfsService>(kernel, ServiceIds.Vfs)!;
            Assert.Null(vfs.FileSystem.Put(VfsPath.Parse("/data/in.txt")!, FileStep.Generate(300, seed: 7), out _));
            kernel.Spawn(ProgramLibrary.Load("filecopy"), 64);
        }), [SetMoment.FilesOpen]),
        "shmpipe" => (new SetRun("spartan-0.5", kernel => kernel.Spawn(ProgramLibrary.Load("shmpipe"), 12)), [SetMoment.SharedMemory]),
        _ => throw new ArgumentException(name),
    };
}
