using KernelSim.Ipc;

namespace KernelSim.Tests.Ipc;

/// <summary>What ipc_wait wrote: the call id, the message (method or return value, five arguments) and the sender task or phone.</summary>
internal readonly record struct IpcEvent(ulong Id, IpcMessage Message, ulong Origin);
