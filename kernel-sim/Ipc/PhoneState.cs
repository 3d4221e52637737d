namespace KernelSim.Ipc;

/// <summary>State of a phone, as HelenOS keeps it.</summary>
public enum PhoneState
{
    /// <summary>Calls go to the callee's answerbox.</summary>
    Connected,

    /// <summary>Hung up by its owner, or its callee's task ended: every further call fails with EHANGUP.</summary>
    HungUp,
}
