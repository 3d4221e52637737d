using KernelSim.Memory;
using KernelSim.Services;
using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// The shared memory of a checkpoint set in image form. Memory only tasks share is stored once, as the pages
/// of its lowest member's mapping. Memory a service owns is the service's: the shm service's channels are
/// stored too (at restore the service decides whether to overwrite its buffer with them), the naming
/// service's time area never is (restore maps the restoring kernel's clock).
/// </summary>
internal static class ShareCapture
{
    public static IReadOnlyList<SharedAreaRecord> Shares(CheckpointSet set) => set.Stores.Select(store => Record(set, store)).ToArray();

    /// <summary>True when <paramref name="area"/>'s pages go into the image with its task (false: another member's mapping or a service carries them).</summary>
    public static bool StoresPages(CheckpointSet set, ulong taskId, Area area) =>
        area.Store is not { } store || (HoldsContent(store) && LowestMapper(set, store) == taskId);

    private static SharedAreaRecord Record(CheckpointSet set, SharedPageStore store)
    {
        var participants = store.Mappings.Where(mapping => set.IsMember(mapping.Task))
            .Select(mapping => new ShareParticipant(new PeerRef(PeerKind.Task, mapping.Task.Id), mapping.Area.Id, mapping.Area.Base))
            .OrderBy(participant => participant.Peer.Id).ThenBy(participant => participant.AreaId)
            .ToArray();
        return new SharedAreaRecord(store.ShareId, store.Size, store.Flags, store.OwnerServiceId, HoldsContent(store), participants);
    }

    private static bool HoldsContent(SharedPageStore store) => store.OwnerServiceId != ServiceIds.Naming;

    private static ulong LowestMapper(CheckpointSet set, SharedPageStore store) =>
        store.Mappings.Where(mapping => set.IsMember(mapping.Task)).Min(mapping => mapping.Task.Id);
}
