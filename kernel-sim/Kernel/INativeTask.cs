using KernelSim.Ipc;

namespace KernelSim.Kernel;

/// <summary>
/// The body of a native (C#) task: a service such as the naming service, the VFS or the console. It has
/// no threads and takes no ticks; the kernel pumps it whenever its answerbox got an event and once per
/// tick, and it talks IPC through <see cref="NativeIpc"/> with the same semantics as the syscalls.
/// </summary>
public interface INativeTask
{
    /// <summary>Persistent service id (1 ns, 2 vfs, 3 console, 4 shm); the task id is <see cref="NativeTaskIds.Base"/> + this.</summary>
    ulong ServiceId { get; }

    /// <summary>The service's name ("ns", "vfs", …), also the name of its task.</summary>
    string Name { get; }

    /// <summary>
    /// Called by the kernel (zero ticks) after an event reached the task's answerbox, and once per tick
    /// after the instruction (for scripted input, timeouts, buffered messages). The body fetches with
    /// <see cref="NativeIpc.Fetch"/> until it returns null, or leaves events for a later pump.
    /// </summary>
    void Pump(NativeIpc ipc);

    /// <summary>
    /// The earliest tick, <paramref name="now"/> (the tick about to run) or later, at which the task will answer a
    /// waiting client on its own (scripted console input released), or null when it only reacts to events. The
    /// kernel asks before it calls a run a deadlock: threads waiting on a service that will answer at a known
    /// later tick are not stuck.
    /// </summary>
    ulong? NextWakeUp(ulong now) => null;
}
