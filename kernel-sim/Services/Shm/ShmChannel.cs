using KernelSim.Memory;

namespace KernelSim.Services.Shm;

/// <summary>One channel of the shm service: its page store and the connections that attached it.</summary>
public sealed class ShmChannel
{
    private readonly SortedSet<ConnectionKey> _attached = [];

    internal ShmChannel(ulong number, SharedPageStore store)
    {
        Number = number;
        Store = store;
    }

    public ulong Number { get; }

    public SharedPageStore Store { get; }

    /// <summary>Connections that attached the channel and have not hung up, in order.</summary>
    public IReadOnlyCollection<ConnectionKey> Attached => _attached;

    internal void Attach(ConnectionKey connection) => _attached.Add(connection);

    internal void Detach(ConnectionKey connection) => _attached.Remove(connection);
}
