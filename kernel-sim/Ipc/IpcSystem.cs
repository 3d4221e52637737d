using KernelSim.Kernel;
using KernelSim.Machine;

namespace KernelSim.Ipc;

/// <summary>
/// The kernel's IPC operations between user tasks, after HelenOS: calls travel over phones into
/// answerboxes, receivers fetch them with ipc_wait, answer or forward them, and answers travel back
/// to the original sender (to its answerbox, or for a synchronous call to the calling thread's
/// private answerbox). Every operation completes within one syscall or leaves the thread blocked at
/// a consistent point: ipc_wait has consumed nothing yet, and a thread in ipc_call_sync has sent its
/// call exactly once and only waits for the answer.
/// Results are non-negative values or negative <see cref="SyscallError"/> codes.
/// </summary>
internal sealed partial class IpcSystem
{
    /// <summary>Most async calls a task may have sent and not yet fetched the answer of (HelenOS's IPC_MAX_ASYNC_CALLS, larger).</summary>
    public const int MaxAsyncCallsPerTask = 16;

    /// <summary>Most phones (connected or hung up) a user task may hold; a native task's table grows with its clients.</summary>
    public const int MaxPhonesPerTask = 64;

    /// <summary>Bytes ipc_wait writes: the id, the method or return value, five arguments, the sender task or phone id.</summary>
    public const int EventSize = 8 * sizeof(ulong);

    /// <summary>ipc_wait flag: return EAGAIN instead of blocking when nothing is waiting.</summary>
    public const ulong WaitNonBlocking = 1;

    private readonly Microkernel _kernel;

    public IpcSystem(Microkernel kernel) => _kernel = kernel;

    /// <summary>Gives a new user task phone 0, connected to the naming service (HelenOS PHONE_NS); user phone ids still start at 1.</summary>
    public static void ConnectPhoneZero(KernelTask task, KernelTask namingService)
    {
        var phone = task.Ipc.AddPhoneWithId(0, namingService.Ipc.Answerbox);
        namingService.Ipc.Answerbox.AddPhone(phone);
    }

    /// <summary>A native task's fetch: dispatches the oldest queued call under a fresh receiver-side id, or null.</summary>
    public static IpcCall? FetchCall(KernelTask task) =>
        task.Ipc.Answerbox.PeekQueued() is null ? null : task.Ipc.Answerbox.Dispatch();

    /// <summary>A native task's fetch of the oldest answer to one of its async calls, or null.</summary>
    public static IpcCall? FetchAnswer(KernelTask task)
    {
        var box = task.Ipc.Answerbox;
        if (box.PeekAnswer() is null)
        {
            return null;
        }

        var answered = box.TakeAnswer();
        task.Ipc.RemoveOutgoing(answered);
        return answered;
    }

    /// <summary>ipc_call_async: sends the call; its sender-side id is the result, and its answer arrives through ipc_wait.</summary>
    public long CallAsync(KernelTask task, ulong phoneId, IpcMessage request)
    {
        if (CheckSend(task, phoneId, request, out var phone) is { } error)
        {
            return error;
        }

        if (task.Ipc.AsyncOutgoingCount >= MaxAsyncCallsPerTask)
        {
            return (long)SyscallError.Again;
        }

        var call = new IpcCall(phone, task.Ipc.TakeCallId(), request, syncThread: null, isNotification: false);
        task.Ipc.AddOutgoing(call);
        Deliver(call, phone.Callee);
        return (long)call.SenderCallId;
    }

    /// <summary>
    /// ipc_call_sync: sends the call and blocks the thread until the answer is in its private
    /// answerbox. The call is remembered in <see cref="KernelThread.SyncCall"/>, so that a restart
    /// of the syscall (<see cref="ResumeSyncCall"/>) waits for this call instead of sending another.
    /// Returns null when the thread blocked, or an error when nothing was sent.
    /// </summary>
    public long? CallSync(KernelThread thread, ulong phoneId, IpcMessage request, ulong answerBuffer)
    {
        var task = thread.Task;
        if (CheckSend(task, phoneId, request, out var phone) is { } error)
        {
            return error;
        }

        var call = new IpcCall(phone, task.Ipc.TakeCallId(), request, thread, isNotification: false);
        task.Ipc.AddOutgoing(call);
        thread.SyncCall = call;
        thread.SyncAnswerBuffer = answerBuffer;
        _kernel.BlockInIpc(thread, WaitReason.IpcSyncCall, answerBuffer);
        Deliver(call, phone.Callee);
        return null;
    }

    /// <summary>
    /// Re-enters ipc_call_sync for the call the thread already sent (sender-side id
    /// <paramref name="senderCallId"/>): it never sends again, it only waits, and when the answer
    /// arrived meanwhile the thread is runnable at once with its result.
    /// </summary>
    public void ResumeSyncCall(KernelThread thread, ulong answerBuffer, ulong senderCallId)
    {
        if (thread.SyncCall is not { } call || call.SenderCallId != senderCallId)
        {
            throw new InvalidOperationException(
                $"{thread} has no unanswered synchronous call {senderCallId} to wait for; a restarted ipc_call_sync never sends a call again");
        }

        thread.SyncAnswerBuffer = answerBuffer;
        _kernel.BlockInIpc(thread, WaitReason.IpcSyncCall, answerBuffer);
        CompleteSyncCall(thread);
    }

    /// <summary>The restart frame arguments of a thread blocked in an IPC syscall (what a checkpoint would record).</summary>
    public static ulong[] RestartArguments(KernelThread thread) => thread.Wait switch
    {
        { Reason: WaitReason.IpcWait } wait => [wait.UserBuffer, 0, 0, 0, 0],
        { Reason: WaitReason.IpcSyncCall } wait => [thread.SyncCall!.Phone.Id, wait.UserBuffer, thread.SyncCall.SenderCallId, 0, 0],
        { Reason: WaitReason.IpcTransfer } => TransferRestartArguments(thread),
        _ => throw new InvalidOperationException($"{thread} is not blocked in an IPC syscall"),
    };

    /// <summary>Fluke-style progress in the frame: (receiver-side id, buffer + done, size − done), so a restart continues the copy.</summary>
    private static ulong[] TransferRestartArguments(KernelThread thread)
    {
        var call = thread.TransferCall!;
        var transfer = call.Transfer!;
        return [call.ReceiverCallId, transfer.ServerAddress + transfer.Done, transfer.Size - transfer.Done, 0, 0];
    }

    /// <summary>
    /// ipc_wait: fetches the oldest answer, else the oldest incoming call, into the event buffer and
    /// returns its <see cref="IpcEventKind"/>; blocks (null) when there is none.
    /// </summary>
    public long? Wait(KernelThread thread, ulong eventBuffer, ulong flags)
    {
        if ((flags & ~WaitNonBlocking) != 0)
        {
            return (long)SyscallError.Invalid;
        }

        var box = thread.Task.Ipc.Answerbox;
        if (box.HasEvent)
        {
            return Fetch(thread.Task, box, eventBuffer);
        }

        if ((flags & WaitNonBlocking) != 0)
        {
            return (long)SyscallError.Again;
        }

        EnterWait(thread, eventBuffer);
        return null;
    }

    /// <summary>Re-enters ipc_wait: nothing was consumed before the stop, so it simply waits again.</summary>
    public void EnterWait(KernelThread thread, ulong eventBuffer)
    {
        var box = thread.Task.Ipc.Answerbox;
        _kernel.BlockInIpc(thread, WaitReason.IpcWait, eventBuffer);
        box.AddWaiter(thread);
        WakeWaiters(box);
    }

    /// <summary>
    /// ipc_answer: answers a dispatched call; the answer goes to the original sender. Accepting (return value 0)
    /// a connect-me-to gives the original sender a phone to this task's answerbox, whose id becomes the answer's
    /// return value; accepting a connect-to-me gives this task a callback phone to the caller, whose id is the
    /// result of ipc_answer (a native task takes it beforehand with <see cref="NativeIpc.ConnectCallback"/>).
    /// </summary>
    public long Answer(KernelTask task, ulong receiverCallId, IpcMessage answer)
    {
        var box = task.Ipc.Answerbox;
        if (box.FindDispatched(receiverCallId) is not { } call)
        {
            return (long)SyscallError.NoEntry;
        }

        if (call.Transfer is { IsFinalizing: true })
        {
            return (long)SyscallError.Busy; // the kernel answers it when the copy is done
        }

        long result = 0;
        if (answer.ReturnValue == 0 && call.Request.Method == IpcMethods.ConnectMeTo && call.Sender.State == TaskState.Active)
        {
            answer = answer with { Method = unchecked((ulong)ConnectSender(call, box)) };
        }
        else if (answer.ReturnValue == 0 && call.Request.Method == IpcMethods.ConnectToMe && call.CallbackPhoneId is null
                 && call.Sender.State == TaskState.Active)
        {
            result = ConnectCallback(task, call);
        }

        box.TryTakeDispatched(receiverCallId, out _);
        Route(call, answer);
        return result;
    }

    /// <summary>Accepts a connect-to-me: a new phone of <paramref name="task"/> to the caller's answerbox; its id, or a negative error.</summary>
    public long ConnectCallback(KernelTask task, IpcCall call)
    {
        if (call.CallbackPhoneId is { } existing)
        {
            return (long)existing;
        }

        if (!task.IsNative && task.Ipc.PhoneCount >= MaxPhonesPerTask)
        {
            return (long)SyscallError.Again;
        }

        var phone = Connect(task, call.Sender.Ipc.Answerbox);
        call.CallbackPhoneId = phone.Id;
        return (long)phone.Id;
    }

    /// <summary>The original sender of an accepted connect-me-to gets a phone to <paramref name="box"/>: its id, or a negative error.</summary>
    private long ConnectSender(IpcCall call, Answerbox box) => ConnectChecked(call.Sender, box);

    /// <summary>A new phone of <paramref name="owner"/> to <paramref name="callee"/>: its id, or EAGAIN when a user task has 64 phones.</summary>
    public long ConnectChecked(KernelTask owner, Answerbox callee) =>
        !owner.IsNative && owner.Ipc.PhoneCount >= MaxPhonesPerTask ? (long)SyscallError.Again : (long)Connect(owner, callee).Id;

    /// <summary>A new phone of <paramref name="owner"/> to <paramref name="callee"/>, as an accepted connection makes it (no limit check).</summary>
    public Phone ConnectPhone(KernelTask owner, Answerbox callee) => Connect(owner, callee);

    private static Phone Connect(KernelTask owner, Answerbox callee)
    {
        var phone = owner.Ipc.AddPhone(callee);
        callee.AddPhone(phone);
        return phone;
    }

    /// <summary>
    /// ipc_forward: passes a dispatched call on through one of the task's phones, with a new method
    /// and first argument; the answer will go straight back to the original sender. A forward that
    /// fails answers the call with the error, so no call is left without an answer.
    /// </summary>
    public long Forward(KernelTask task, ulong receiverCallId, ulong phoneId, ulong method, ulong arg1)
    {
        var box = task.Ipc.Answerbox;
        if (box.FindDispatched(receiverCallId) is not { } pending)
        {
            return (long)SyscallError.NoEntry;
        }

        if (pending.Transfer is { IsFinalizing: true })
        {
            return (long)SyscallError.Busy;
        }

        // A system call (connect-me-to, a transfer) may be passed on unchanged; only user methods may be rewritten.
        if (method < IpcMethods.FirstUser && method != pending.Request.Method)
        {
            return (long)SyscallError.Invalid;
        }

        box.TryTakeDispatched(receiverCallId, out var call);
        var phone = task.Ipc.FindPhone(phoneId);
        SyscallError? failure = phone switch
        {
            null => SyscallError.NoEntry,
            { State: PhoneState.HungUp } => SyscallError.HangUp,
            _ => null,
        };
        if (failure is { } error)
        {
            Route(call, IpcMessage.Error((long)error));
            return (long)error;
        }

        call.Request = call.Request with { Method = method, Arg1 = arg1 };
        call.ForwardCount++;
        Deliver(call, phone!.Callee);
        return 0;
    }

    /// <summary>
    /// ipc_hangup: the phone stays in the table as hung up (its id is not reused); calls over it
    /// still queued at the callee are answered with EHANGUP, and the callee gets a
    /// <see cref="IpcMethods.PhoneHungUp"/> call naming the phone.
    /// </summary>
    public long HangUp(KernelTask task, ulong phoneId)
    {
        switch (task.Ipc.FindPhone(phoneId))
        {
            case null:
                return (long)SyscallError.NoEntry;
            case { State: PhoneState.HungUp }:
                return (long)SyscallError.HangUp;
            case { } phone:
                Disconnect(phone);
                return 0;
        }
    }

    /// <summary>Ends the IPC of an exiting task: phones hung up, unanswered calls to it answered with EHANGUP.</summary>
    public void TaskExited(KernelTask task)
    {
        var ipc = task.Ipc;
        foreach (var phone in ipc.Phones.Where(phone => phone.State == PhoneState.Connected).ToArray())
        {
            Disconnect(phone);
        }

        foreach (var phone in ipc.Answerbox.ConnectedPhones.ToArray())
        {
            phone.State = PhoneState.HungUp;
            ipc.Answerbox.RemovePhone(phone);
        }

        foreach (var call in ipc.Answerbox.Close())
        {
            Route(call, IpcMessage.Error((long)SyscallError.HangUp));
        }
    }

    /// <summary>A blocked thread leaves the kernel (thread or task exit): it no longer waits in its answerbox.</summary>
    /// <remarks>A finalizer's copy pauses; its progress stays in the call (an undo keeps it, a thread exit abandons it).</remarks>
    public void ThreadDetached(KernelThread thread)
    {
        switch (thread.Wait)
        {
            case { Reason: WaitReason.IpcWait }:
                thread.Task.Ipc.Answerbox.RemoveWaiter(thread);
                break;
            case { Reason: WaitReason.IpcTransfer }:
                _copying.Remove(thread);
                break;
        }
    }

    private static long? CheckSend(KernelTask task, ulong phoneId, IpcMessage request, out Phone phone)
    {
        phone = task.Ipc.FindPhone(phoneId)!;
        if (phone is null)
        {
            return (long)SyscallError.NoEntry;
        }

        if (!IpcMethods.IsSendable(request.Method))
        {
            return (long)SyscallError.Invalid;
        }

        return phone.State == PhoneState.HungUp ? (long)SyscallError.HangUp : null;
    }

    private void Disconnect(Phone phone)
    {
        phone.State = PhoneState.HungUp;
        var callee = phone.Callee;
        callee.RemovePhone(phone);
        foreach (var call in callee.TakeQueuedFrom(phone))
        {
            Route(call, IpcMessage.Error((long)SyscallError.HangUp));
        }

        if (callee.IsOpen)
        {
            var notice = new IpcCall(phone, senderCallId: 0, new IpcMessage(IpcMethods.PhoneHungUp, phone.Id, 0, 0, 0, 0),
                syncThread: null, isNotification: true);
            Deliver(notice, callee);
        }
    }

    private void Deliver(IpcCall call, Answerbox box)
    {
        if (!box.IsOpen)
        {
            Route(call, IpcMessage.Error((long)SyscallError.HangUp));
            return;
        }

        box.Enqueue(call);
        WakeWaiters(box);
        _kernel.RequestPump(box.Owner);
    }

    /// <summary>Sends the answer back to where the original sender waits for it.</summary>
    private void Route(IpcCall call, IpcMessage answer)
    {
        call.Answer = answer;
        call.State = CallState.Answered;
        call.Receiver = null;
        var sender = call.Sender;
        if (call.IsNotification)
        {
            return;
        }

        if (sender.State == TaskState.Exited)
        {
            sender.Ipc.RemoveOutgoing(call);
            return;
        }

        if (call.SyncThread is { } thread)
        {
            if (!ReferenceEquals(sender.FindThread(thread.Id), thread))
            {
                sender.Ipc.RemoveOutgoing(call); // the caller exited; nobody will fetch the answer
                return;
            }

            thread.PrivateAnswerbox.EnqueueAnswer(call);
            CompleteSyncCall(thread);
            return;
        }

        sender.Ipc.Answerbox.EnqueueAnswer(call);
        WakeWaiters(sender.Ipc.Answerbox);
        _kernel.RequestPump(sender);
    }

    /// <summary>Finishes ipc_call_sync when the thread waits in it and its answer is in its private answerbox.</summary>
    private void CompleteSyncCall(KernelThread thread)
    {
        if (thread.Wait is not { Reason: WaitReason.IpcSyncCall } wait || thread.PrivateAnswerbox.PeekAnswer() is null)
        {
            return;
        }

        var call = thread.PrivateAnswerbox.TakeAnswer();
        thread.SyncCall = null;
        thread.Task.Ipc.RemoveOutgoing(call);
        var answer = call.Answer!.Value;
        var result = answer.TryWrite(thread.Task.AddressSpace, wait.UserBuffer) ? answer.ReturnValue : unchecked((ulong)(long)SyscallError.Fault);
        _kernel.WakeFromIpc(thread, result);
    }

    /// <summary>Hands queued events to waiting threads, oldest waiter first.</summary>
    private void WakeWaiters(Answerbox box)
    {
        while (box.HasEvent && box.HasWaiter)
        {
            var thread = box.TakeWaiter();
            var result = Fetch(thread.Task, box, thread.Wait!.UserBuffer);
            _kernel.WakeFromIpc(thread, unchecked((ulong)result));
        }
    }

    /// <summary>Writes the next event into user memory and consumes it; on a fault nothing is consumed.</summary>
    private static long Fetch(KernelTask task, Answerbox box, ulong eventBuffer)
    {
        Span<byte> bytes = stackalloc byte[EventSize];
        if (box.PeekAnswer() is { } answered)
        {
            Encode(bytes, answered.SenderCallId, answered.Answer!.Value, answered.Phone.Id);
            if (!task.AddressSpace.TryWrite(eventBuffer, bytes))
            {
                return (long)SyscallError.Fault;
            }

            box.TakeAnswer();
            task.Ipc.RemoveOutgoing(answered);
            return (long)IpcEventKind.Answer;
        }

        var queued = box.PeekQueued()!;
        Encode(bytes, box.NextReceiverCallId, queued.Request, queued.Sender.Id);
        if (!task.AddressSpace.TryWrite(eventBuffer, bytes))
        {
            return (long)SyscallError.Fault;
        }

        box.Dispatch();
        return (long)IpcEventKind.Call;
    }

    private static void Encode(Span<byte> bytes, ulong id, IpcMessage message, ulong origin)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, id);
        message.WriteTo(bytes[sizeof(ulong)..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[(7 * sizeof(ulong))..], origin);
    }
}
