namespace Snapshot.Format;

/// <summary>A stable reference to a task of the image, a service by persistent id, or a task outside the set.</summary>
public readonly record struct PeerRef(PeerKind Kind, ulong Id)
{
    /// <summary>"task 3", "service 2", "outside task 7".</summary>
    public override string ToString() => Kind switch
    {
        PeerKind.Task => $"task {Id}",
        PeerKind.Service => $"service {Id}",
        PeerKind.Outside => $"outside task {Id}",
        _ => $"peer kind {(byte)Kind} id {Id}",
    };
}
