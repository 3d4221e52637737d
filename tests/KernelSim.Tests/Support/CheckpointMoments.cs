using KernelSim.Assembler;
using KernelSim.Kernel;

namespace KernelSim.Tests.Support;

/// <summary>
/// Picks checkpoint moments for a program: evenly spread ticks plus the first ticks (and some later
/// ones) at which threads are blocked in futex_wait, in sleep, or caught mid-quantum.
/// </summary>
public static class CheckpointMoments
{
    public static IReadOnlyList<(ulong Tick, MomentKind Kind)> Pick(AssembledProgram program, ulong argument, ulong seed, ulong limit, int spread)
    {
        var kernel = Microkernel.Boot(seed: seed);
        var task = kernel.Spawn(program, argument);
        var byKind = new Dictionary<MomentKind, List<ulong>>();
        var kinds = new SortedDictionary<ulong, MomentKind>();
        for (ulong tick = 1; tick < limit; tick++)
        {
            kernel.Tick();
            var kind = Classify(kernel, task);
            kinds[tick] = kind;
            foreach (var single in new[] { MomentKind.FutexWait, MomentKind.Sleep, MomentKind.MidQuantum })
            {
                if (kind.HasFlag(single))
                {
                    (byKind.TryGetValue(single, out var list) ? list : byKind[single] = []).Add(tick);
                }
            }
        }

        var chosen = new SortedSet<ulong>();
        for (var i = 1; i <= spread; i++)
        {
            chosen.Add(Math.Max(1, limit * (ulong)i / (ulong)(spread + 1)));
        }

        foreach (var ticks in byKind.Values)
        {
            // The first such moment and two later ones: blocking early and in steady state differ.
            chosen.Add(ticks[0]);
            chosen.Add(ticks[ticks.Count / 2]);
            chosen.Add(ticks[^1]);
        }

        return chosen.Select(tick => (tick, kinds[tick])).ToArray();
    }

    public static MomentKind Classify(Microkernel kernel, KernelTask task)
    {
        var kind = MomentKind.None;
        foreach (var thread in task.Threads)
        {
            kind |= thread.Wait?.Reason switch
            {
                WaitReason.Futex => MomentKind.FutexWait,
                WaitReason.Sleep => MomentKind.Sleep,
                _ => MomentKind.None,
            };
            if (thread.State == SchedulingState.Running && thread.QuantumLeft > 0 && thread.QuantumLeft < (uint)kernel.Profile.Quantum)
            {
                kind |= MomentKind.MidQuantum;
            }
        }

        return kind;
    }
}
