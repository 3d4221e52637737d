namespace KernelSim.Ipc;

/// <summary>What ipc_wait fetched (its result in r0).</summary>
public enum IpcEventKind : ulong
{
    /// <summary>An incoming call: the event holds its receiver-side id, method, arguments and sender task.</summary>
    Call = 1,

    /// <summary>The answer to one of the task's async calls: its sender-side id, return value, arguments and phone.</summary>
    Answer = 2,
}
