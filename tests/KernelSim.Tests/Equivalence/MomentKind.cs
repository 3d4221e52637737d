namespace KernelSim.Tests.Equivalence;

/// <summary>The interesting states a checkpoint of a set can meet; each equivalence test asserts it hit the ones its programs reach.</summary>
public enum SetMoment
{
    /// <summary>A member's call waits in another member's queue, not fetched yet.</summary>
    QueuedCall,

    /// <summary>A member fetched a member's call and has not answered it.</summary>
    DispatchedCall,

    /// <summary>An answer waits in a member's answerbox to be fetched.</summary>
    AnsweredUnfetched,

    /// <summary>A thread is blocked in ipc_call_sync.</summary>
    BlockedInSyncCall,

    /// <summary>A forwarded call has not been answered yet.</summary>
    ForwardedCall,

    /// <summary>A console read waits for input at the console service.</summary>
    ConsoleReadPending,

    /// <summary>A member has files open at the VFS.</summary>
    FilesOpen,

    /// <summary>A member maps a service's shared memory while it is being used.</summary>
    SharedMemory,
}
