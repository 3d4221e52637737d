using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Ipc;

/// <summary>Data transfers (ipc_data_finalize, stepwise) and memory shares (ipc_share_finalize, atomic).</summary>
internal sealed partial class IpcSystem
{
    // Finalizers whose copy runs, in the order their copies started: each tick steps them in this order.
    private readonly List<KernelThread> _copying = [];

    /// <summary>Threads copying a data transfer right now, in stepping order.</summary>
    public IReadOnlyList<KernelThread> Copying => _copying;

    /// <summary>
    /// ipc_data_finalize: the receiver accepts a dispatched data-write (or data-read) call with its own buffer and
    /// a size no larger than offered. The thread blocks while the kernel copies <see cref="KernelLimits.TransferStep"/>
    /// bytes per tick (<see cref="StepTransfers"/>); at the end the call is answered with the byte count, which is
    /// also the finalizer's result. Returns null when the thread blocked, else the immediate result.
    /// </summary>
    public long? DataFinalize(KernelThread thread, ulong receiverCallId, ulong buffer, ulong size)
    {
        var box = thread.Task.Ipc.Answerbox;
        if (box.FindDispatched(receiverCallId) is not { } call)
        {
            return (long)SyscallError.NoEntry;
        }

        if (call.Transfer is not { Kind: TransferKind.DataWrite or TransferKind.DataRead } transfer || call.Sender.IsNative)
        {
            return (long)SyscallError.Invalid; // a native client's data moves through NativeIpc, never through user buffers
        }

        if (transfer.IsFinalizing)
        {
            return (long)SyscallError.Busy;
        }

        if (size > transfer.Size || size > AddressSpaceLayout.MaxAreaSize)
        {
            return (long)SyscallError.Invalid;
        }

        if (call.Sender.State != TaskState.Active)
        {
            return (long)SyscallError.HangUp;
        }

        transfer.Size = size;
        transfer.ServerAddress = buffer;
        transfer.Done = 0;
        if (size == 0)
        {
            box.TryTakeDispatched(receiverCallId, out _);
            Route(call, IpcMessage.Error(0));
            return 0;
        }

        StartCopy(thread, call, buffer);
        return null;
    }

    /// <summary>
    /// Re-enters ipc_data_finalize from its restart frame (receiver-side id, buffer + done, size − done): the
    /// frame must agree with the progress the call records, and the copy continues from there.
    /// </summary>
    public void ResumeTransfer(KernelThread thread, ulong receiverCallId, ulong buffer, ulong remaining)
    {
        var call = thread.Task.Ipc.Answerbox.FindDispatched(receiverCallId);
        if (call?.Transfer is not { Kind: TransferKind.DataWrite or TransferKind.DataRead } transfer
            || transfer.Finalizer is { } other && !ReferenceEquals(other, thread)
            || transfer.ServerAddress + transfer.Done != buffer || transfer.Size - transfer.Done != remaining || remaining == 0)
        {
            throw new InvalidOperationException(
                $"{thread}: the ipc_data_finalize restart frame (call {receiverCallId}, buffer 0x{buffer:x}, {remaining} bytes left) does not match a transfer in progress");
        }

        StartCopy(thread, call, transfer.ServerAddress);
    }

    /// <summary>One tick of every running copy, in the order they started.</summary>
    public void StepTransfers()
    {
        foreach (var thread in _copying.ToArray())
        {
            Step(thread);
        }
    }

    /// <summary>The copy of a finalizer that leaves the kernel for good (thread exit): its call is answered with EHANGUP.</summary>
    public void AbandonTransfer(KernelThread thread)
    {
        _copying.Remove(thread);
        if (thread.TransferCall is { } call)
        {
            Finish(thread, call, (long)SyscallError.HangUp, wake: false);
        }
    }

    /// <summary>
    /// ipc_share_finalize: completes a dispatched share call at once. Share-out: the client's area (at the call's
    /// arg1) is mapped into the receiver at <paramref name="base"/> (0: the kernel picks) with <paramref name="flags"/>;
    /// the result is the receiver's base. Share-in: the receiver's area at <paramref name="base"/> is mapped into the
    /// client at a kernel-chosen base with <paramref name="flags"/>, which is the answer's return value; the result is 0.
    /// </summary>
    public long ShareFinalize(KernelThread thread, ulong receiverCallId, ulong @base, ulong flags)
    {
        var task = thread.Task;
        var box = task.Ipc.Answerbox;
        if (box.FindDispatched(receiverCallId) is not { } call)
        {
            return (long)SyscallError.NoEntry;
        }

        if (call.Transfer is not { Kind: TransferKind.ShareOut or TransferKind.ShareIn } transfer || call.Sender.IsNative
            || flags == 0 || (flags & ~(ulong)(AreaFlags.Read | AreaFlags.Write)) != 0)
        {
            return (long)SyscallError.Invalid;
        }

        if (call.Sender.State != TaskState.Active)
        {
            return (long)SyscallError.HangUp;
        }

        var (owner, mapper, source, at) = transfer.Kind == TransferKind.ShareOut
            ? (call.Sender, task, transfer.ClientAddress, @base)
            : (task, call.Sender, @base, 0UL);
        if (owner.AddressSpace.FindByBase(source) is not { Kind: AreaKind.Heap } area
            || ((AreaFlags)flags & ~area.Flags) != 0 || transfer.Size > area.Size)
        {
            return (long)SyscallError.Invalid;
        }

        var store = _kernel.SharedMemory.Share(owner, area);
        if (_kernel.MapShared(mapper, store, at, (AreaFlags)flags) is not { } mapped)
        {
            return (long)SyscallError.NoMemory;
        }

        box.TryTakeDispatched(receiverCallId, out _);
        if (transfer.Kind == TransferKind.ShareOut)
        {
            transfer.ServerAddress = mapped.Base;
            Route(call, IpcMessage.Error(0));
            return (long)mapped.Base;
        }

        transfer.ServerAddress = area.Base;
        transfer.ClientAddress = mapped.Base;
        Route(call, IpcMessage.Error((long)mapped.Base));
        return 0;
    }

    /// <summary>A native task answers a share-in with its own store: mapped into the client at a kernel-chosen base, which is the answer.</summary>
    public long ShareToClient(KernelTask service, IpcCall call, SharedPageStore store, AreaFlags flags)
    {
        if (call.Transfer is not { Kind: TransferKind.ShareIn } transfer || call.Sender.IsNative || (flags & ~store.Flags) != 0)
        {
            return (long)SyscallError.Invalid;
        }

        var client = call.Sender;
        var mapped = client.State == TaskState.Active ? _kernel.MapShared(client, store, 0, flags) : null;
        service.Ipc.Answerbox.TryTakeDispatched(call.ReceiverCallId, out _);
        if (mapped is null)
        {
            Route(call, IpcMessage.Error((long)SyscallError.NoMemory));
            return (long)SyscallError.NoMemory;
        }

        transfer.ClientAddress = mapped.Base;
        Route(call, IpcMessage.Error((long)mapped.Base));
        return (long)mapped.Base;
    }

    private void StartCopy(KernelThread thread, IpcCall call, ulong buffer)
    {
        call.Transfer!.Finalizer = thread;
        thread.TransferCall = call;
        _kernel.BlockInIpc(thread, WaitReason.IpcTransfer, buffer);
        _copying.Add(thread);
    }

    private void Step(KernelThread thread)
    {
        var call = thread.TransferCall!;
        var transfer = call.Transfer!;
        if (call.Sender.State != TaskState.Active)
        {
            Finish(thread, call, (long)SyscallError.HangUp, wake: true);
            return;
        }

        var count = (int)Math.Min((ulong)KernelLimits.TransferStep, transfer.Size - transfer.Done);
        Span<byte> bytes = stackalloc byte[KernelLimits.TransferStep];
        bytes = bytes[..count];
        var (from, fromAddress, to, toAddress) = transfer.Kind == TransferKind.DataWrite
            ? (call.Sender, transfer.ClientAddress, thread.Task, transfer.ServerAddress)
            : (thread.Task, transfer.ServerAddress, call.Sender, transfer.ClientAddress);
        if (!from.AddressSpace.TryRead(fromAddress + transfer.Done, bytes) || !to.AddressSpace.TryWrite(toAddress + transfer.Done, bytes))
        {
            Finish(thread, call, (long)SyscallError.Fault, wake: true);
            return;
        }

        transfer.Done += (ulong)count;
        if (transfer.Done == transfer.Size)
        {
            Finish(thread, call, (long)transfer.Size, wake: true);
        }
    }

    private void Finish(KernelThread thread, IpcCall call, long result, bool wake)
    {
        _copying.Remove(thread);
        call.Transfer!.Finalizer = null;
        thread.TransferCall = null;
        thread.Task.Ipc.Answerbox.TryTakeDispatched(call.ReceiverCallId, out _);
        Route(call, IpcMessage.Error(result));
        if (wake)
        {
            _kernel.WakeFromIpc(thread, unchecked((ulong)result));
        }
    }
}
