using System.Buffers.Binary;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Syscalls;

/// <summary>
/// The syscall handler of one kernel build: user ABI number → name → the build's internal number →
/// handler. Every handler is atomic (it completes within the tick) or restartable (sleep and
/// futex_wait block, and a checkpoint can undo and later re-enter them).
/// </summary>
internal sealed class SyscallDispatcher
{
    private delegate SyscallOutcome Handler(KernelThread thread, ReadOnlySpan<ulong> args);

    private readonly Microkernel _kernel;
    private readonly Dictionary<uint, Handler> _handlers = new();
    private readonly Dictionary<string, uint> _internalNumbers;

    public SyscallDispatcher(Microkernel kernel)
    {
        _kernel = kernel;
        _internalNumbers = new Dictionary<string, uint>(kernel.Profile.Syscalls, StringComparer.Ordinal);
        IpcSyscallNumbers.AddMissing(_internalNumbers, kernel.Profile.Build);
        MemorySyscallNumbers.AddMissing(_internalNumbers, kernel.Profile.Build);
        Register(SyscallNames.Write, Write);
        Register(SyscallNames.ThreadCreate, ThreadCreate);
        Register(SyscallNames.ThreadExit, ThreadExit);
        Register(SyscallNames.TaskExit, TaskExit);
        Register(SyscallNames.Yield, Yield);
        Register(SyscallNames.Sleep, Sleep);
        Register(SyscallNames.FutexWait, FutexWait);
        Register(SyscallNames.FutexWake, FutexWake);
        Register(SyscallNames.AreaCreate, AreaCreate);
        Register(SyscallNames.AreaResize, AreaResize);
        Register(SyscallNames.ThreadId, ThreadId);
        Register(SyscallNames.Random, Random);
        Register(SyscallNames.IpcCallAsync, IpcCallAsync);
        Register(SyscallNames.IpcCallSync, IpcCallSync);
        Register(SyscallNames.IpcWait, IpcWait);
        Register(SyscallNames.IpcAnswer, IpcAnswer);
        Register(SyscallNames.IpcForward, IpcForward);
        Register(SyscallNames.IpcHangup, IpcHangup);
        Register(SyscallNames.IpcDataFinalize, IpcDataFinalize);
        Register(SyscallNames.IpcShareFinalize, IpcShareFinalize);
        Register(SyscallNames.MemFill, MemFill);
    }

    /// <summary>The build's internal number for <paramref name="name"/>, as a kernel stack frame records it.</summary>
    public uint InternalNumber(string name) =>
        _internalNumbers.TryGetValue(name, out var number)
            ? number
            : throw new InvalidOperationException($"kernel build {_kernel.Profile.Build} has no syscall '{name}'");

    /// <summary>Handles the syscall instruction the thread just executed (number in r0, arguments in r1..r5).</summary>
    public SyscallOutcome Dispatch(KernelThread thread)
    {
        var r = thread.Registers.R;
        var name = SyscallNames.Of(r[0]);
        if (name is null || !_internalNumbers.TryGetValue(name, out var number) || !_handlers.TryGetValue(number, out var handler))
        {
            return Return(thread, SyscallError.NoSyscall);
        }

        Span<ulong> args = [r[1], r[2], r[3], r[4], r[5]];
        return handler(thread, args);
    }

    /// <summary>
    /// Re-enters a syscall that a checkpoint undid (restart frame), at zero ticks. Only the blocking
    /// syscalls are restartable. A restarted ipc_wait waits again (it had consumed nothing); a
    /// restarted ipc_call_sync (arguments: phone, answer buffer, sender-side call id) waits for the
    /// call the thread already sent and never sends it again; a restarted ipc_data_finalize (arguments:
    /// receiver-side id, buffer + done, size − done) continues the copy where the call says it stopped. A restarted futex_wait rejoins the wait queue without comparing the
    /// word again: the comparison succeeded before the checkpoint and the thread was committed to
    /// wait, so a fresh comparison could only turn a pending wait into a spurious EAGAIN.
    /// </summary>
    public void Restart(KernelThread thread, string name, IReadOnlyList<ulong> args)
    {
        switch (name)
        {
            case SyscallNames.Sleep:
                _kernel.BlockInSleep(thread, args[0]);
                break;
            case SyscallNames.FutexWait:
                _kernel.BlockOnFutex(thread, args[0], args[1]);
                break;
            case SyscallNames.IpcWait:
                _kernel.Ipc.EnterWait(thread, args[0]);
                break;
            case SyscallNames.IpcCallSync:
                _kernel.Ipc.ResumeSyncCall(thread, args[1], args[2]);
                break;
            case SyscallNames.IpcDataFinalize:
                _kernel.Ipc.ResumeTransfer(thread, args[0], args[1], args[2]);
                break;
            default:
                throw new InvalidOperationException($"syscall '{name}' is not restartable");
        }
    }

    /// <summary>
    /// True for the syscalls a restart frame may name: every blocking syscall. The IPC ones need the calls they
    /// wait for, which images carry from format 1.2 on (a 1.0 image of a pristine task never holds one).
    /// ipc_share_finalize never blocks (the mapping is atomic), so it never has a restart frame.
    /// </summary>
    public static bool IsRestartable(string name) =>
        name is SyscallNames.Sleep or SyscallNames.FutexWait or SyscallNames.IpcWait or SyscallNames.IpcCallSync or SyscallNames.IpcDataFinalize;

    private void Register(string name, Handler handler)
    {
        // A build without this syscall simply answers ENOSYS for it.
        if (_internalNumbers.TryGetValue(name, out var number))
        {
            _handlers.Add(number, handler);
        }
    }

    private static SyscallOutcome Return(KernelThread thread, ulong value)
    {
        thread.Registers.R[0] = value;
        return SyscallOutcome.Return;
    }

    private static SyscallOutcome Return(KernelThread thread, SyscallError error) => Return(thread, unchecked((ulong)(long)error));

    private SyscallOutcome Write(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var length = (int)Math.Min(args[1], KernelLimits.MaxWriteLength);
        var buffer = new byte[length];
        if (!thread.Task.AddressSpace.TryRead(args[0], buffer))
        {
            return Return(thread, SyscallError.Fault);
        }

        _kernel.Console.Append(thread.Task.Id, buffer);
        return Return(thread, (ulong)length);
    }

    private SyscallOutcome ThreadCreate(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var created = _kernel.CreateThread(thread.Task, entry: args[0], argument: args[1]);
        return created is null ? Return(thread, SyscallError.Again) : Return(thread, created.Id);
    }

    private SyscallOutcome ThreadExit(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        _kernel.ExitThread(thread);
        return SyscallOutcome.Exited;
    }

    private SyscallOutcome TaskExit(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        _kernel.ExitTask(thread.Task, unchecked((long)args[0]), $"exit {unchecked((long)args[0])}");
        return SyscallOutcome.Exited;
    }

    private static SyscallOutcome Yield(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        thread.Registers.R[0] = 0;
        return SyscallOutcome.Yield;
    }

    private SyscallOutcome Sleep(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        _kernel.BlockInSleep(thread, args[0]);
        return SyscallOutcome.Block;
    }

    private SyscallOutcome FutexWait(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var address = args[0];
        Span<byte> word = stackalloc byte[sizeof(ulong)];
        if (address % sizeof(ulong) != 0)
        {
            return Return(thread, SyscallError.Invalid);
        }

        if (!thread.Task.AddressSpace.TryRead(address, word))
        {
            return Return(thread, SyscallError.Fault);
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(word) != args[1])
        {
            return Return(thread, SyscallError.Again);
        }

        _kernel.BlockOnFutex(thread, address, args[1]);
        return SyscallOutcome.Block;
    }

    private SyscallOutcome FutexWake(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        if (args[0] % sizeof(ulong) != 0)
        {
            return Return(thread, SyscallError.Invalid);
        }

        return Return(thread, (ulong)_kernel.WakeFutex(thread.Task, args[0], args[1]));
    }

    private SyscallOutcome AreaCreate(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var size = args[0];
        var flags = (AreaFlags)args[1];
        if (size == 0 || (args[1] & ~(ulong)(AreaFlags.Read | AreaFlags.Write)) != 0 || flags == AreaFlags.None)
        {
            return Return(thread, SyscallError.Invalid);
        }

        if (size > AddressSpaceLayout.MaxAreaSize)
        {
            return Return(thread, SyscallError.NoMemory);
        }

        var area = _kernel.CreateHeapArea(thread.Task, AddressSpaceLayout.RoundUpToPage(size), flags);
        return area is null ? Return(thread, SyscallError.NoMemory) : Return(thread, area.Base);
    }

    private SyscallOutcome AreaResize(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var task = thread.Task;
        if (task.AddressSpace.FindByBase(args[0]) is not { Kind: AreaKind.Heap, Backing: not AreaBacking.Shared } area || args[1] == 0)
        {
            return Return(thread, SyscallError.Invalid);
        }

        if (args[1] > AddressSpaceLayout.MaxAreaSize)
        {
            return Return(thread, SyscallError.NoMemory);
        }

        var newSize = AddressSpaceLayout.RoundUpToPage(args[1]);
        if (!task.AddressSpace.IsFree(area.Base, newSize, except: area))
        {
            return Return(thread, SyscallError.NoMemory);
        }

        area.Resize(newSize);
        task.HeapCursor = Math.Max(task.HeapCursor, area.End + AddressSpaceLayout.GuardSize);
        return Return(thread, 0UL);
    }

    // Whole pages of one writable area, at most MaxFillLength per call so that one tick stays short.
    private static SyscallOutcome MemFill(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var (address, length, pattern) = (args[0], args[1], args[2]);
        if (!AddressSpaceLayout.IsPageAligned(address) || !AddressSpaceLayout.IsPageAligned(length) || length == 0
            || length > AddressSpaceLayout.MaxFillLength || !Enum.IsDefined((FillPattern)pattern))
        {
            return Return(thread, SyscallError.Invalid);
        }

        if (thread.Task.AddressSpace.FindContaining(address) is not { } area || (area.Flags & AreaFlags.Write) == 0
            || length > area.End - address)
        {
            return Return(thread, SyscallError.Fault);
        }

        area.Fill((address - area.Base) / AddressSpaceLayout.PageSize, length / AddressSpaceLayout.PageSize, (FillPattern)pattern, args[3]);
        return Return(thread, 0UL);
    }

    private static SyscallOutcome ThreadId(KernelThread thread, ReadOnlySpan<ulong> args) => Return(thread, thread.Id);

    private static SyscallOutcome Random(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        var state = thread.Task.RngState;
        var value = TaskRandom.Next(ref state);
        thread.Task.RngState = state;
        return Return(thread, value);
    }

    private SyscallOutcome IpcCallAsync(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        if (!IpcMessage.TryRead(thread.Task.AddressSpace, args[1], out var request))
        {
            return Return(thread, SyscallError.Fault);
        }

        return Return(thread, _kernel.Ipc.CallAsync(thread.Task, args[0], request));
    }

    private SyscallOutcome IpcCallSync(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        if (!IpcMessage.TryRead(thread.Task.AddressSpace, args[1], out var request))
        {
            return Return(thread, SyscallError.Fault);
        }

        return _kernel.Ipc.CallSync(thread, args[0], request, answerBuffer: args[1]) is { } error
            ? Return(thread, error)
            : SyscallOutcome.Block;
    }

    private SyscallOutcome IpcWait(KernelThread thread, ReadOnlySpan<ulong> args) =>
        _kernel.Ipc.Wait(thread, args[0], args[1]) is { } result ? Return(thread, result) : SyscallOutcome.Block;

    private SyscallOutcome IpcAnswer(KernelThread thread, ReadOnlySpan<ulong> args)
    {
        if (!IpcMessage.TryRead(thread.Task.AddressSpace, args[1], out var answer))
        {
            return Return(thread, SyscallError.Fault);
        }

        return Return(thread, _kernel.Ipc.Answer(thread.Task, args[0], answer));
    }

    private SyscallOutcome IpcForward(KernelThread thread, ReadOnlySpan<ulong> args) =>
        Return(thread, _kernel.Ipc.Forward(thread.Task, args[0], args[1], args[2], args[3]));

    private SyscallOutcome IpcHangup(KernelThread thread, ReadOnlySpan<ulong> args) =>
        Return(thread, _kernel.Ipc.HangUp(thread.Task, args[0]));

    private SyscallOutcome IpcDataFinalize(KernelThread thread, ReadOnlySpan<ulong> args) =>
        _kernel.Ipc.DataFinalize(thread, args[0], args[1], args[2]) is { } result ? Return(thread, result) : SyscallOutcome.Block;

    private SyscallOutcome IpcShareFinalize(KernelThread thread, ReadOnlySpan<ulong> args) =>
        Return(thread, _kernel.Ipc.ShareFinalize(thread, args[0], args[1], args[2]));

    private static SyscallOutcome Return(KernelThread thread, long result) => Return(thread, unchecked((ulong)result));
}
