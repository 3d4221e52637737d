namespace Snapshot.Format;

/// <summary>What stands at the other end of a phone, or holds a call: stored as u8.</summary>
public enum PeerKind : byte
{
    /// <summary>A checkpointable task of the image; the id is its task id.</summary>
    Task = 1,

    /// <summary>A cooperative (native, uncheckpointable) service; the id is its persistent service id.</summary>
    Service = 2,

    /// <summary>A task outside the checkpoint set; restore replaces it by a dummy whose connections are hung up.</summary>
    Outside = 3,
}
