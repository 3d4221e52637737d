using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Ipc;

/// <summary>
/// A native task's view of IPC: the operations of the IPC syscalls with the same semantics, but without
/// user memory on the service's side (calls are objects, not event buffers) and with the client's memory
/// reachable at once (a service takes no ticks, so its transfers are immediate). One instance per native task.
/// Errors are returned as negative <see cref="SyscallError"/> values, as the syscalls return them.
/// </summary>
public sealed class NativeIpc
{
    private readonly Microkernel _kernel;

    internal NativeIpc(Microkernel kernel, KernelTask task)
    {
        _kernel = kernel;
        Task = task;
    }

    /// <summary>The native task itself.</summary>
    public KernelTask Task { get; }

    /// <summary>The kernel's tick count.</summary>
    public ulong Now => _kernel.Now;

    /// <summary>The console log (the same one SYS_WRITE appends to).</summary>
    public KernelConsole Console => _kernel.Console;

    /// <summary>The kernel this task runs in (to look tasks up, or to reach its shared page stores).</summary>
    public Microkernel Kernel => _kernel;

    /// <summary>Dispatches the oldest incoming call (it gets its receiver-side id now), or null when none is queued.</summary>
    public IpcCall? Fetch() => IpcSystem.FetchCall(Task);

    /// <summary>Takes the oldest answer to a call this task sent, or null.</summary>
    public IpcCall? FetchAnswer() => IpcSystem.FetchAnswer(Task);

    /// <summary>Sends an async call over one of this task's phones; its sender-side id, or a negative error.</summary>
    public long Call(ulong phoneId, IpcMessage request) => _kernel.Ipc.CallAsync(Task, phoneId, request);

    /// <summary>Answers a call this task fetched; the answer goes back to the original sender.</summary>
    /// <exception cref="InvalidOperationException">The call is not dispatched to this task (a bug in the service).</exception>
    public void Answer(IpcCall call, IpcMessage answer) => Check(_kernel.Ipc.Answer(Task, OwnedId(call), answer), call);

    /// <summary>Forwards a fetched call over one of this task's phones (method and arg1 as ipc_forward); 0 or a negative error.</summary>
    public long Forward(IpcCall call, ulong phoneId, ulong method, ulong arg1) => _kernel.Ipc.Forward(Task, OwnedId(call), phoneId, method, arg1);

    /// <summary>Hangs up one of this task's phones; 0 or a negative error.</summary>
    public long HangUp(ulong phoneId) => _kernel.Ipc.HangUp(Task, phoneId);

    /// <summary>
    /// Accepts a connect-to-me call: gives this task a new phone to the caller's answerbox (the callback phone)
    /// and returns its id. The service still answers the call.
    /// </summary>
    public ulong ConnectCallback(IpcCall connectToMe)
    {
        OwnedId(connectToMe);
        if (connectToMe.Request.Method != IpcMethods.ConnectToMe)
        {
            throw new InvalidOperationException($"{connectToMe} is not a connect-to-me call");
        }

        return (ulong)_kernel.Ipc.ConnectCallback(Task, connectToMe); // never fails: a native task's phone table has no limit
    }

    /// <summary>
    /// Copies <paramref name="destination"/>.Length bytes from the calling task's memory at the call's arg1 (a
    /// data-write or any call that names a client buffer in arg1 and its size in arg2); false when the length
    /// exceeds arg2 or the client's memory is not readable there.
    /// </summary>
    public bool ReadClient(IpcCall call, Span<byte> destination) =>
        (ulong)destination.Length <= call.Request.Arg2 && ReadClient(call, call.Request.Arg1, destination);

    /// <summary>Copies bytes from the calling task's memory at <paramref name="address"/>; false when not readable.</summary>
    public bool ReadClient(IpcCall call, ulong address, Span<byte> destination)
    {
        OwnedId(call);
        return !call.Sender.IsNative && call.Sender.State == TaskState.Active && call.Sender.AddressSpace.TryRead(address, destination);
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the calling task's memory at the call's arg1 (a data-read, or any call
    /// naming a client buffer in arg1 and its size in arg2); false when longer than arg2 or not writable.
    /// </summary>
    public bool WriteClient(IpcCall call, ReadOnlySpan<byte> source) =>
        (ulong)source.Length <= call.Request.Arg2 && WriteClient(call, call.Request.Arg1, source);

    /// <summary>Copies bytes into the calling task's memory at <paramref name="address"/>; false when not writable.</summary>
    public bool WriteClient(IpcCall call, ulong address, ReadOnlySpan<byte> source)
    {
        OwnedId(call);
        return !call.Sender.IsNative && call.Sender.State == TaskState.Active && call.Sender.AddressSpace.TryWrite(address, source);
    }

    /// <summary>
    /// Answers a share-in call with memory the service owns: <paramref name="store"/> is mapped into the client
    /// at a kernel-chosen base with <paramref name="flags"/> (at most the store's), and the base is the answer's
    /// return value. Returns the base, or 0 when the client had no room (the call is then answered with ENOMEM).
    /// </summary>
    /// <exception cref="InvalidOperationException">The call is not a share-in dispatched here, or the flags exceed the store's.</exception>
    public ulong ShareToClient(IpcCall shareIn, SharedPageStore store, AreaFlags flags)
    {
        OwnedId(shareIn);
        var result = _kernel.Ipc.ShareToClient(Task, shareIn, store, flags);
        if (result == (long)SyscallError.Invalid)
        {
            throw new InvalidOperationException($"{shareIn} cannot be answered with {store} ({flags}): not a share-in from a user task, or more rights than the store has");
        }

        return result > 0 ? (ulong)result : 0;
    }

    private ulong OwnedId(IpcCall call)
    {
        if (call.State != CallState.Dispatched || !ReferenceEquals(call.Receiver, Task.Ipc.Answerbox))
        {
            throw new InvalidOperationException($"{call} is not dispatched to {Task}");
        }

        return call.ReceiverCallId;
    }

    private static void Check(long result, IpcCall call)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"{call}: the kernel refused the operation ({(SyscallError)result})");
        }
    }
}
