using System.Globalization;
using KernelSim.Ipc;
using KernelSim.Machine;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Services.Shm;

/// <summary>
/// The shm service (persistent service id 4): numbered channels, each a <see cref="ChannelSize"/>-byte shared page
/// store the service owns, created on the first attach. A client attaches with IPC_M_SHARE_IN (arg1 size, at most
/// the channel's; arg2 flags, read and/or write; arg3 the channel number, 0..<see cref="MaxChannel"/>): the
/// channel's store is mapped into it and the answer is the base. Exported connection state: <c>channels</c>
/// ("channel:share id" pairs of the channels the connection attached, by channel) and <c>overwrite</c>, true
/// when every connection attached to those channels was under checkpoint, so the content belongs to the
/// checkpointed clients and a restore overwrites the service's buffer with the image's pages
/// (<see cref="StoreForRestore"/>).
/// </summary>
public sealed class ShmService : NativeService
{
    /// <summary>Bytes of one channel.</summary>
    public const ulong ChannelSize = 16 * 1024;

    /// <summary>The highest channel number.</summary>
    public const ulong MaxChannel = 255;

    private const string ChannelsKey = "channels";
    private const string OverwriteKey = "overwrite";
    private static readonly IReadOnlySet<string> s_keys = new HashSet<string>(StringComparer.Ordinal) { ChannelsKey, OverwriteKey };

    private readonly SortedDictionary<ulong, ShmChannel> _channels = new();
    private readonly SortedDictionary<(ulong TaskId, ulong ImageShareId), (ulong Channel, bool Overwrite)> _restored = new();

    public ShmService()
        : base(ServiceIds.Shm, ServiceIds.NameOf(ServiceIds.Shm)!)
    {
    }

    /// <summary>Channels created so far, by number.</summary>
    public IEnumerable<ShmChannel> Channels => _channels.Values;

    public ShmChannel? FindChannel(ulong number) => _channels.GetValueOrDefault(number);

    /// <summary>
    /// For a restore, after <see cref="ICooperativeService.ImportConnection"/> of the client's connection: the store
    /// that the image's shared area <paramref name="imageShareId"/> is now (the channel it was, created if this
    /// kernel has not got it yet), and whether the restorer should overwrite the store's content with the image's
    /// pages. Null when the client's imported state names no such share.
    /// </summary>
    public (SharedPageStore Store, bool Overwrite)? StoreForRestore(ulong clientTaskId, ulong imageShareId)
    {
        if (!_restored.TryGetValue((clientTaskId, imageShareId), out var entry))
        {
            return null;
        }

        return (Channel(entry.Channel).Store, entry.Overwrite);
    }

    /// <summary>Records a restored client's mapping of a channel (the restorer mapped the store into it).</summary>
    public void Reattached(ulong clientTaskId, ulong phoneId, ulong channel) => Channel(channel).Attach(new ConnectionKey(clientTaskId, phoneId));

    protected override IReadOnlySet<string> KnownKeys => s_keys;

    protected override void Serve(NativeIpc ipc, IpcCall call)
    {
        switch (call.Request.Method)
        {
            case IpcMethods.ConnectMeTo:
                Reply(ipc, call, 0);
                break;
            case IpcMethods.ShareIn:
                Attach(ipc, call);
                break;
            default:
                Reply(ipc, call, (long)SyscallError.Invalid);
                break;
        }
    }

    protected override IEnumerable<ConnectionEntry> Export(ConnectionKey connection)
    {
        var attached = _channels.Values.Where(channel => channel.Attached.Contains(connection)).ToArray();
        var pairs = attached.Select(channel => $"{channel.Number}:{channel.Store.ShareId}");
        var owned = attached.All(channel => channel.Attached.All(IsFrozen));
        yield return new ConnectionEntry(ChannelsKey, string.Join(',', pairs));
        yield return new ConnectionEntry(OverwriteKey, owned ? "true" : "false");
    }

    protected override string? Import(ConnectionKey connection, IReadOnlyDictionary<string, string> state)
    {
        var overwrite = state.GetValueOrDefault(OverwriteKey, "false") switch
        {
            "true" => true,
            "false" => (bool?)false,
            _ => null,
        };
        if (overwrite is null)
        {
            return $"shm connection state overwrite '{state[OverwriteKey]}' is neither true nor false";
        }

        var text = state.GetValueOrDefault(ChannelsKey, "");
        foreach (var pair in text.Length == 0 ? [] : text.Split(','))
        {
            var parts = pair.Split(':');
            if (parts.Length != 2 || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var channel) || channel > MaxChannel ||
                !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shareId) || shareId == 0)
            {
                return $"shm connection state channels '{text}' is not a list of channel:share pairs (channels 0..{MaxChannel})";
            }

            _restored[(connection.TaskId, shareId)] = (channel, overwrite.Value);
        }

        return null;
    }

    protected override void Disconnected(ConnectionKey connection)
    {
        foreach (var channel in _channels.Values)
        {
            channel.Detach(connection);
        }
    }

    private void Attach(NativeIpc ipc, IpcCall call)
    {
        var (size, flags, number) = (call.Request.Arg1, (AreaFlags)call.Request.Arg2, call.Request.Arg3);
        if (number > MaxChannel || size > ChannelSize || flags == AreaFlags.None || (flags & ~(AreaFlags.Read | AreaFlags.Write)) != 0)
        {
            Reply(ipc, call, (long)SyscallError.Invalid);
            return;
        }

        var channel = Channel(number);
        if (ipc.ShareToClient(call, channel.Store, flags) != 0)
        {
            channel.Attach(ConnectionKey.Of(call));
        }
    }

    private ShmChannel Channel(ulong number)
    {
        if (!_channels.TryGetValue(number, out var channel))
        {
            var store = Ipc.Kernel.SharedMemory.CreateForService(ServiceId, ChannelSize, AreaFlags.Read | AreaFlags.Write);
            channel = new ShmChannel(number, store);
            _channels.Add(number, channel);
        }

        return channel;
    }
}
