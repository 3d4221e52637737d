namespace KernelSim.Machine;

/// <summary>
/// The user ABI's syscall numbers: stable across kernel builds, put in r0 by programs.
/// Each kernel build dispatches them through its own internal table (the build profile's
/// "syscalls"), and that internal number is what a kernel stack frame records.
/// </summary>
public enum SyscallNumber : ulong
{
    /// <summary>write(r1 = buffer, r2 = length) → bytes written. Appends to the kernel console.</summary>
    Write = 1,
    /// <summary>thread_create(r1 = entry pc, r2 = argument) → thread id; the new thread starts with r1 = argument and its own stack.</summary>
    ThreadCreate = 2,
    /// <summary>thread_exit() → does not return.</summary>
    ThreadExit = 3,
    /// <summary>task_exit(r1 = exit code) → does not return.</summary>
    TaskExit = 4,
    /// <summary>yield() → 0.</summary>
    Yield = 5,
    /// <summary>sleep(r1 = ticks) → 0. Restartable: a checkpoint records the ticks remaining.</summary>
    Sleep = 6,
    /// <summary>futex_wait(r1 = address of a 64-bit word, r2 = expected) → 0 when woken, EAGAIN when the word differs.</summary>
    FutexWait = 7,
    /// <summary>futex_wake(r1 = address, r2 = how many) → number of threads woken.</summary>
    FutexWake = 8,
    /// <summary>area_create(r1 = size in bytes, r2 = flags: 1 read, 2 write) → base address of a new zero-filled area.</summary>
    AreaCreate = 9,
    /// <summary>area_resize(r1 = base, r2 = new size) → 0.</summary>
    AreaResize = 10,
    /// <summary>thread_id() → the calling thread's id (task-local, the main thread is 1).</summary>
    ThreadId = 11,
    /// <summary>random() → 64 pseudo-random bits from the task's own generator (seeded at boot; checkpointed).</summary>
    Random = 12,
    /// <summary>ipc_call_async(r1 = phone id, r2 = address of a 48-byte message: method, 5 arguments) → sender-side call id.</summary>
    IpcCallAsync = 13,
    /// <summary>ipc_call_sync(r1 = phone id, r2 = address of a 48-byte message) → the answer's return value; the answer replaces the message. Blocks; restartable without re-sending.</summary>
    IpcCallSync = 14,
    /// <summary>ipc_wait(r1 = address of a 64-byte event buffer, r2 = flags: 1 non-blocking) → 1 call or 2 answer. Blocks; restartable.</summary>
    IpcWait = 15,
    /// <summary>ipc_answer(r1 = receiver-side call id, r2 = address of a 48-byte answer: return value, 5 arguments) → 0.</summary>
    IpcAnswer = 16,
    /// <summary>ipc_forward(r1 = receiver-side call id, r2 = phone id, r3 = new method, r4 = new first argument) → 0.</summary>
    IpcForward = 17,
    /// <summary>ipc_hangup(r1 = phone id) → 0.</summary>
    IpcHangup = 18,
    /// <summary>ipc_data_finalize(r1 = receiver-side id of a data-write/data-read call, r2 = own buffer, r3 = size ≤ offered) → bytes copied. Blocks while the kernel copies 256 bytes per tick; restartable with progress in its arguments.</summary>
    IpcDataFinalize = 19,
    /// <summary>ipc_share_finalize(r1 = receiver-side id of a share-out/share-in call, r2 = base (share-out: desired base or 0; share-in: the area to share), r3 = flags) → the mapped base (share-out) or 0 (share-in).</summary>
    IpcShareFinalize = 20,
    /// <summary>mem_fill(r1 = page-aligned address, r2 = length, a multiple of the page size ≤ 64 MiB, r3 = pattern: 0 zero, 1 motif, 2 random, r4 = seed) → 0. Atomic: one tick whatever the length.</summary>
    MemFill = 21,
}
