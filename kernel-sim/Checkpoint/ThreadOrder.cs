using KernelSim.Kernel;

namespace KernelSim.Checkpoint;

/// <summary>
/// The ranks of the threads of a checkpoint set: runnable threads by their turn on the CPU (the running one
/// first), blocked threads by the order they blocked in. Ranks count across every task of the set, so a
/// restore of several tasks rebuilds one interleaving, not one per task; for a single task they are that
/// task's own order.
/// </summary>
internal sealed class ThreadOrder
{
    private readonly Dictionary<KernelThread, uint> _ranks;

    private ThreadOrder(Dictionary<KernelThread, uint> ranks) => _ranks = ranks;

    public static ThreadOrder Of(Microkernel kernel, IReadOnlyCollection<KernelTask> tasks)
    {
        var members = new HashSet<KernelTask>(tasks);
        var ranks = new Dictionary<KernelThread, uint>();
        var runnable = new List<KernelThread>();
        if (kernel.RunQueue.Current is { } current && members.Contains(current.Task))
        {
            runnable.Add(current);
        }

        runnable.AddRange(kernel.RunQueue.Ready.Where(thread => members.Contains(thread.Task)));
        for (var rank = 0; rank < runnable.Count; rank++)
        {
            ranks.Add(runnable[rank], (uint)rank);
        }

        var blocked = tasks.SelectMany(task => task.Threads).Where(thread => thread.Wait is not null)
            .OrderBy(thread => thread.Wait!.Sequence).ToArray();
        for (var rank = 0; rank < blocked.Length; rank++)
        {
            ranks.Add(blocked[rank], (uint)rank);
        }

        return new ThreadOrder(ranks);
    }

    public uint RankOf(KernelThread thread) =>
        _ranks.TryGetValue(thread, out var rank) ? rank : throw new InvalidOperationException($"{thread} is neither runnable nor blocked");
}
