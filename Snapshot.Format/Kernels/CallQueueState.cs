namespace Snapshot.Format.Kernels;

/// <summary>Where a pending call is in its life (build-independent; each build numbers these in its "call_state" enum).</summary>
public enum CallQueueState
{
    /// <summary>In the receiver's queue, not fetched yet (no receiver-side id).</summary>
    Queued,

    /// <summary>Fetched by the receiver (which gave it a receiver-side id) and not answered yet.</summary>
    Dispatched,

    /// <summary>Answered; the answer waits in the sender's answerbox to be fetched.</summary>
    Answered,
}
