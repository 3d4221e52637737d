using KernelSim.Kernel;
using Snapshot.Format;

namespace KernelSim.Services;

/// <summary>
/// A native (uncheckpointable) service that takes part in checkpoints by lazy cooperation, per connection: a
/// connection is a client task's phone to the service. The checkpointer asks (CHKPNT_REQUEST) until the
/// connection is in a checkpointable state, exports it (CHKPNT_INIT), and releases it (CHKPNT_END); a restore
/// hands a cloned connection its exported state (RECONNECT_ME + RSTR_INIT) and then ends (RSTR_END).
/// </summary>
public interface ICooperativeService : INativeTask
{
    /// <summary>
    /// CHKPNT_REQUEST for the connection of task <paramref name="clientTaskId"/> over its phone
    /// <paramref name="phoneId"/>: true when the connection is in a checkpointable state (from then on the
    /// service buffers further messages on it, and answers none of its pending calls, until
    /// <see cref="EndCheckpoint"/>); false while it is not yet (the checkpointer asks again each tick until its
    /// timeout). An uncooperative service never says true.
    /// </summary>
    bool RequestCheckpoint(ulong clientTaskId, ulong phoneId);

    /// <summary>CHKPNT_INIT: the connection's state (version and entries in key order).</summary>
    ConnectionRecord ExportConnection(ulong clientTaskId, ulong phoneId);

    /// <summary>CHKPNT_END: the connection runs again; buffered messages are processed in arrival order.</summary>
    void EndCheckpoint(ulong clientTaskId, ulong phoneId);

    /// <summary>
    /// RECONNECT_ME + RSTR_INIT: the restored task <paramref name="clientTaskId"/> has a new connection over its
    /// phone <paramref name="phoneId"/>; the service imports the exported state into it. Returns an error text
    /// (the state is not one this service can take: unknown version or key, bad value) or null.
    /// </summary>
    string? ImportConnection(ulong clientTaskId, ulong phoneId, ConnectionRecord state);

    /// <summary>RSTR_END: the restored connection runs (calls re-sent to the service after this are served).</summary>
    void EndRestore(ulong clientTaskId, ulong phoneId);

    /// <summary>True when the service was made uncooperative (tests of the failure paths): it never says yes to a request.</summary>
    bool IsUncooperative { get; set; }
}
