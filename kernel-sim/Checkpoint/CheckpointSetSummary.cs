using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// What a checkpoint of a set wrote: the members (task ids), the cooperating services, the tick the image was
/// taken at and how many ticks the checkpoint waited for it, the counts of what it holds, the image size, the
/// connections that did not cooperate (resume policy) and the tasks killed afterwards.
/// </summary>
public sealed record CheckpointSetSummary(string Path, IReadOnlyList<ulong> TaskIds, IReadOnlyList<ServiceMember> Services,
    ulong Tick, ulong WaitedTicks, int Threads, int Areas, int MaterialisedPages, int Calls, long Bytes,
    IReadOnlyList<string> NotCooperated, IReadOnlyList<ulong> Killed)
{
    /// <summary>True when the image carries external state (format 1.2).</summary>
    public bool HasExternalState { get; init; }
}
