using System.Diagnostics;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Cli;
using KernelSim.Kernel;
using Snapshot.Bench.Measuring;

namespace Snapshot.Bench.Images;

/// <summary>
/// kernel-sim's checkpoint, run in this process so that its write phase can be timed alone: boot the default
/// kernel with the standard services, spawn the program, run it (not timed: that is the simulated program
/// producing its memory), then checkpoint its task through kernel-sim's <see cref="Checkpointer"/> with the
/// default request (the writer's defaults: format 1.3, all cores), timed from the call to its return. The image is
/// the one <c>kernel-sim checkpoint PROGRAM --arg A --ticks T -o OUT</c> writes.
/// </summary>
public static class TimedCheckpoint
{
    public static TimeSpan Write(string program, ulong argument, ulong ticks, string output)
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

        var request = new CheckpointRequest([task.Id], output);
        long started = Stopwatch.GetTimestamp();
        new Checkpointer(kernel).Checkpoint(request);
        return Stopwatch.GetElapsedTime(started);
    }
}
