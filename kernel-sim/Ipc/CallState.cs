namespace KernelSim.Ipc;

/// <summary>Where a call is in its life; the three states a checkpoint has to capture.</summary>
public enum CallState
{
    /// <summary>In the receiver's answerbox, not yet fetched by ipc_wait (undispatched).</summary>
    Queued,

    /// <summary>Fetched by the receiver, which now owes an answer (or a forward).</summary>
    Dispatched,

    /// <summary>Answered; the answer waits at the caller until it is fetched.</summary>
    Answered,
}
