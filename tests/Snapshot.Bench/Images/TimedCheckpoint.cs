using System.Diagnostics;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Bench.Measuring;
using Snapshot.Bench.Memory;

namespace Snapshot.Bench.Images;

/// <summary>
/// kernel-sim's checkpoint, run in this process so that its write phase can be timed alone: boot the default
/// kernel with the standard services, spawn the program and run it (not timed: the simulated program producing its
/// memory, which at gigabytes costs far more than the checkpoint), then checkpoint its task through kernel-sim's
/// <see cref="Checkpointer"/> with the default request and the given encoding (format 1.3, all cores), timed from
/// the call to its return, in elapsed and CPU time (this process's, every thread). The full image is the one
/// <c>kernel-sim checkpoint PROGRAM --arg A --ticks T -o OUT</c> writes.
/// </summary>
/// <remarks>
/// The program runs once; each of the <c>runs</c> rounds then writes a full checkpoint and, when asked, changes
/// a percentage of the pages of the task's largest area (fresh random bytes at random positions, written as the
/// task would write them, so they become dirty) and writes an incremental checkpoint naming that full one. Every
/// round's full write does the same work (the memory differs by the pages changed), so the rounds are runs of the
/// same measurement without simulating the program again.
/// </remarks>
public static class TimedCheckpoint
{
    public const string Full = "full";
    public const string Incremental = "incremental";

    private const int PageSize = 4096;

    /// <summary>The timed phases, labelled <see cref="Full"/> and <see cref="Incremental"/>, in the order they ran.</summary>
    public static IReadOnlyList<(string Label, PhaseTime Time)> Run(string program, ulong argument, ulong ticks, int runs, string output,
        string? incrementalOutput, int changedPercent, ulong seed, ImageEncoding encoding)
    {
        (Microkernel kernel, KernelTask task) = Start(program, argument, ticks);
        var random = new SplitMix64(seed);
        var times = new List<(string, PhaseTime)>();
        for (int run = 0; run < runs; run++)
        {
            times.Add((Full, Checkpoint(kernel, new CheckpointRequest([task.Id], output) { Encoding = encoding })));
            if (incrementalOutput is null)
                continue;
            ChangePages(task, changedPercent, ref random);
            times.Add((Incremental, Checkpoint(kernel, new CheckpointRequest([task.Id], incrementalOutput) { Parent = output, Encoding = encoding })));
        }
        return times;
    }

    private static (Microkernel Kernel, KernelTask Task) Start(string program, ulong argument, ulong ticks)
    {
        Microkernel kernel = KernelOptions.TryBoot(Microkernel.DefaultBuild, 0, out string? error)
            ?? throw new BenchSetupException(error ?? $"cannot boot {Microkernel.DefaultBuild}");
        AssembledProgram assembled;
        try
        {
            assembled = ProgramLibrary.Load(program);
        }
        catch (Exception ex) when (ex is ArgumentException or AssemblerException)
        {
            throw new BenchSetupException(ex.Message);
        }

        KernelTask task = kernel.Spawn(assembled, argument);
        kernel.Run(ticks);
        if (task.State != TaskState.Active)
            throw new BenchSetupException($"{program} ended ({task.ExitReason}) before tick {ticks}; nothing to checkpoint");
        return (kernel, task);
    }

    private static void ChangePages(KernelTask task, int percent, ref SplitMix64 random)
    {
        Area area = task.AddressSpace.Areas.MaxBy(a => a.Size)
            ?? throw new BenchSetupException($"{task.Name} has no memory area to change");
        long pages = (long)(area.Size / PageSize);
        long wanted = Math.Max(1, pages * percent / 100);
        var chosen = new SortedSet<long>();
        while (chosen.Count < wanted)
            chosen.Add((long)(random.Next() % (ulong)pages));
        var bytes = new byte[PageSize];
        foreach (long page in chosen)
        {
            random.Fill(bytes);
            area.Write((ulong)(page * PageSize), bytes);
        }
    }

    private static PhaseTime Checkpoint(Microkernel kernel, CheckpointRequest request)
    {
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        new Checkpointer(kernel).Checkpoint(request);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        return new PhaseTime(elapsed, self.TotalProcessorTime - cpuBefore);
    }
}
