namespace KernelSim.Kernel;

/// <summary>Why a blocked thread waits; together with the wait record's fields it is the thread's undoable syscall.</summary>
public enum WaitReason
{
    /// <summary>sleep: woken when the kernel's tick count reaches the deadline.</summary>
    Sleep,

    /// <summary>futex_wait: woken by futex_wake on the same (task, address).</summary>
    Futex,

    /// <summary>ipc_wait: woken when an answer or a call reaches the task's answerbox (nothing is consumed before).</summary>
    IpcWait,

    /// <summary>ipc_call_sync: the call is sent; woken when its answer reaches the thread's private answerbox.</summary>
    IpcSyncCall,

    /// <summary>ipc_data_finalize: the kernel copies a step per tick; woken with the byte count when the copy is done.</summary>
    IpcTransfer,
}
