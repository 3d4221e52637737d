using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Services;
using Snapshot.Format;

namespace KernelSim.Tests.Equivalence;

/// <summary>
/// One sample program set (several user tasks talking through IPC and the services) run to its end, either
/// uninterrupted or with a checkpoint at tick k: every task checkpointed as one set and killed, the image
/// restored into the same kernel, and the run continued. The property: both print the same console and end
/// with the same exit codes.
/// </summary>
internal sealed class SetRun
{
    public const ulong MaxTicks = 2_000_000;

    private readonly string _build;
    private readonly Action<Microkernel> _setup;

    public SetRun(string build, Action<Microkernel> setup)
    {
        _build = build;
        _setup = setup;
    }

    /// <summary>What the run spawns and prepares after boot.</summary>
    public Action<Microkernel> Setup => _setup;

    /// <summary>The echo client/server pair of kernel-sim/scenarios (both user programs).</summary>
    public static SetRun EchoPair(string build = "spartan-0.5") => new(build, kernel =>
    {
        kernel.Spawn(ProgramLibrary.Load(Sample("echo-server.s")));
        kernel.Spawn(ProgramLibrary.Load(Sample("echo-client.s")));
    });

    public static string Sample(string name) => Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios", name);

    public Microkernel Boot()
    {
        var kernel = Microkernel.Boot(_build, seed: 1);
        StandardServices.Boot(kernel);
        _setup(kernel);
        return kernel;
    }

    /// <summary>Runs to the end without a checkpoint.</summary>
    public Outcome Uninterrupted()
    {
        var kernel = Boot();
        var result = kernel.RunUntilExit(MaxTicks);
        return Outcome.Of(kernel, result.Stop);
    }

    /// <summary>
    /// Runs <paramref name="ticks"/> ticks, checkpoints every live user task as one set to <paramref name="image"/>,
    /// kills the set, restores it and runs to the end; null when nothing was left to checkpoint at that tick.
    /// </summary>
    public Interrupted? Interrupt(ulong ticks, string image, Action<Microkernel>? atCheckpoint = null)
    {
        var kernel = Boot();
        kernel.Run(ticks);
        var live = kernel.Tasks.Where(task => task.State == TaskState.Active).Select(task => task.Id).ToArray();
        if (live.Length == 0)
        {
            return null;
        }

        atCheckpoint?.Invoke(kernel);
        var summary = new Checkpointer(kernel).Checkpoint(new CheckpointRequest(live, image) { Kill = KillPolicy.All, TimeoutTicks = MaxTicks });
        var restored = new Restorer(kernel).Restore(image);
        var result = kernel.RunUntilExit(MaxTicks);
        return new Interrupted(summary, restored, Outcome.Of(kernel, result.Stop));
    }

    public sealed record Interrupted(CheckpointSetSummary Summary, RestoreResult Restored, Outcome Outcome);

    /// <summary>The console and how every user task ended (restored tasks count under their id).</summary>
    public sealed record Outcome(string Console, RunStop Stop, string Exits)
    {
        public static Outcome Of(Microkernel kernel, RunStop stop)
        {
            // A killed-and-restored task appears twice (the killed one first): the last one with an id is what the run ended with.
            var exits = kernel.Tasks.GroupBy(task => task.Id).Select(group => group.Last())
                .Select(task => $"task {task.Id} ({task.Name}): {task.State} {task.ExitCode}");
            return new Outcome(kernel.Console.Text, stop, string.Join("\n", exits));
        }
    }
}
