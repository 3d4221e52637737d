using KernelSim.Kernel;

namespace KernelSim.Ipc;

/// <summary>
/// One call, from send to the fetch of its answer. It carries both ids a checkpoint must keep: the
/// sender-side id (from the sending task's counter) and, once fetched, the receiver-side id (from
/// the counter of the answerbox that fetched it; a forward gets a new one at the next box).
/// </summary>
public sealed class IpcCall
{
    internal IpcCall(Phone phone, ulong senderCallId, IpcMessage request, KernelThread? syncThread, bool isNotification)
    {
        Phone = phone;
        SenderCallId = senderCallId;
        Request = request;
        SyncThread = syncThread;
        IsNotification = isNotification;
        Transfer = IpcTransfer.For(request);
    }

    /// <summary>The task that sent the call; its answer goes back there even after forwards.</summary>
    public KernelTask Sender => Phone.Owner;

    /// <summary>The phone the call was first sent over.</summary>
    public Phone Phone { get; }

    /// <summary>Sender-side id; 0 for a kernel notification, which has no sender-side record.</summary>
    public ulong SenderCallId { get; }

    /// <summary>Method and arguments as the current receiver sees them (a forward may change the method and first argument).</summary>
    public IpcMessage Request { get; internal set; }

    /// <summary>The answer, once given.</summary>
    public IpcMessage? Answer { get; internal set; }

    public CallState State { get; internal set; } = CallState.Queued;

    /// <summary>The answerbox the call is queued or dispatched in; null once answered.</summary>
    public Answerbox? Receiver { get; internal set; }

    /// <summary>Receiver-side id, assigned when ipc_wait dispatches the call; 0 while queued.</summary>
    public ulong ReceiverCallId { get; internal set; }

    /// <summary>The thread blocked in ipc_call_sync for this call (its answer goes to that thread's private answerbox), or null for an async call.</summary>
    public KernelThread? SyncThread { get; }

    /// <summary>A kernel message (phone hung up) whose answer nobody waits for.</summary>
    public bool IsNotification { get; }

    /// <summary>The data transfer or share the call carries (data-write, data-read, share-out, share-in), or null.</summary>
    public IpcTransfer? Transfer { get; internal set; }

    /// <summary>For an accepted connect-to-me, the callback phone the receiver got; null otherwise.</summary>
    public ulong? CallbackPhoneId { get; internal set; }

    /// <summary>How many times the call has been forwarded.</summary>
    public int ForwardCount { get; internal set; }

    public override string ToString() => $"call {SenderCallId} of task {Sender.Id} ({State})";
}
