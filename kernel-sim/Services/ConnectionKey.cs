using KernelSim.Ipc;

namespace KernelSim.Services;

/// <summary>A connection as a service sees it: the client task and the client's phone id (sender-side).</summary>
public readonly record struct ConnectionKey(ulong TaskId, ulong PhoneId) : IComparable<ConnectionKey>
{
    /// <summary>The connection a call came over (for a forwarded call: the original sender's phone).</summary>
    public static ConnectionKey Of(IpcCall call) => new(call.Sender.Id, call.Phone.Id);

    public int CompareTo(ConnectionKey other) => TaskId != other.TaskId ? TaskId.CompareTo(other.TaskId) : PhoneId.CompareTo(other.PhoneId);

    public override string ToString() => $"task {TaskId} phone {PhoneId}";
}
