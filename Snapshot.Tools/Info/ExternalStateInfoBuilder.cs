using System.Globalization;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Info;

/// <summary>
/// Describes a checkpoint set's external state (format 1.2) for snapinfo. Calls are decoded with the build's
/// profile; everything else is build-independent. Lists come in id order, as the image holds them.
/// </summary>
internal sealed class ExternalStateInfoBuilder
{
    private readonly ExternalState _state;
    private readonly Dictionary<ulong, string> _serviceNames;

    public ExternalStateInfoBuilder(ExternalState state)
    {
        _state = state;
        _serviceNames = state.Cooperation.Services.GroupBy(s => s.ServiceId).ToDictionary(g => g.Key, g => g.First().Name);
    }

    public CheckpointSetInfo Set(ImageMetadata metadata, KernelBuildProfile? profile)
    {
        var cooperation = _state.Cooperation;
        string? notDecoded = profile is null
            ? "the build is unknown, so calls are shown as hex"
            : profile.Call is null && _state.Calls.Count > 0
                ? $"build {profile.Build} has no \"call\" struct, so calls are shown as hex"
                : null;
        return new CheckpointSetInfo(
            metadata.Checkpoint.TaskIds,
            [.. cooperation.Services.Select(s => new ServiceInfo(s.ServiceId, s.Name, s.Cooperated))],
            cooperation.OutsideTaskIds,
            [.. cooperation.OutsidePhones.Select(p => new OutsidePhoneInfo(p.TaskId, p.PhoneId, Peer(p.Callee)))],
            new PoliciesInfo(Kebab(cooperation.ErrorPolicy.ToString()), Kebab(cooperation.Kill.ToString()), cooperation.TimeoutTicks),
            [.. cooperation.Connections.Select(Connection)],
            [.. _state.SharedAreas.Select(Share)],
            [.. _state.Calls.Select(call => Call(call, notDecoded is null ? profile : null))],
            notDecoded);
    }

    public TaskIpcInfo? Ipc(ulong taskId)
    {
        if (_state.TaskIpc.FirstOrDefault(ipc => ipc.TaskId == taskId) is not { } ipc)
            return null;
        // Holes as ranges between the listed ids, so their number is bounded by the phones, whatever the ids claim.
        var holes = new List<string>();
        ulong expected = 0;
        foreach (ulong id in ipc.Phones.Select(p => p.PhoneId).Where(id => id < ipc.NextPhoneId).Order())
        {
            if (id > expected)
                holes.Add(Range(expected, id - 1));
            expected = Math.Max(expected, id + 1);
        }
        if (ipc.NextPhoneId > expected)
            holes.Add(Range(expected, ipc.NextPhoneId - 1));
        return new TaskIpcInfo(ipc.NextPhoneId, ipc.NextCallId, ipc.NextReceiverCallId,
            [.. ipc.Phones.Select(p => new PhoneInfo(p.PhoneId, p.HungUp ? "hung up" : "connected", Peer(p.Callee)))], holes);
    }

    public TaskFilesInfo? Files(ulong taskId) =>
        _state.Files.FirstOrDefault(files => files.TaskId == taskId) is { } files
            ? new TaskFilesInfo(files.WorkingDirectoryFileSystemId, files.WorkingDirectory, [.. files.Files.Select(File)])
            : null;

    private static string Range(ulong first, ulong last) =>
        first == last ? first.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");

    /// <summary>"task 1", "service 2 (vfs)", "outside task 9".</summary>
    public string Peer(PeerRef peer) =>
        peer.Kind == PeerKind.Service && _serviceNames.TryGetValue(peer.Id, out var name) ? $"{peer} ({name})" : peer.ToString();

    private ConnectionInfo Connection(ConnectionRecord c) => new(c.ServiceId, _serviceNames.GetValueOrDefault(c.ServiceId, "unlisted"),
        c.ClientTaskId, c.PhoneId, c.StateVersion, [.. c.State.Select(e => new ConnectionEntryInfo(e.Key, e.Value))]);

    private SharedAreaInfo Share(SharedAreaRecord share) => new(
        share.ShareId,
        share.Size,
        AreaFlagText(share.Flags),
        share.ServiceId == 0 ? "tasks" : Peer(new PeerRef(PeerKind.Service, share.ServiceId)),
        share.ContentInImage,
        [.. share.Participants.Select(p => new ShareParticipantInfo(Peer(p.Peer), p.AreaId, Notation.Address(p.Base)))]);

    private CallInfo Call(CallRecord record, KernelBuildProfile? profile)
    {
        if (profile is null)
            return Undecoded(record, null);
        CanonicalCall call;
        try
        {
            call = CanonicalCodec.DecodeCall(record, profile);
        }
        catch (SnapshotFormatException ex)
        {
            return Undecoded(record, ex.Message);
        }
        return new CallInfo(
            call.SenderTaskId,
            call.SenderCallId,
            call.PhoneId,
            Kebab(call.State.ToString()),
            [.. call.Flags.Order(StringComparer.Ordinal)],
            Peer(call.Receiver),
            call.State == CallQueueState.Dispatched ? call.ReceiverCallId : null,
            call.QueuePosition,
            call.SyncThreadId == 0 ? null : call.SyncThreadId,
            call.ForwardCount,
            IpcMethodNames.Of(call.Request.Count > 0 ? call.Request[0] : 0),
            [.. call.Request.Select(Notation.Hex)],
            call.Answer is { } answer ? [.. answer.Select(Notation.Hex)] : null,
            call.Transfer is { } t ? new TransferInfo(t.Kind, Notation.Address(t.ClientAddress), Notation.Address(t.ServerAddress), t.Size, t.Done) : null,
            null,
            null);
    }

    private static CallInfo Undecoded(CallRecord record, string? error) =>
        new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, Notation.Blob(record.KernelCall.Span), error);

    private static OpenFileInfo File(OpenFileRecord file) => new(
        file.Handle, file.FileSystemId, file.NodeId, file.Path, ModeText(file.Mode), file.Position,
        Kebab(file.Policy.ToString()), file.Size, file.ContentHash.ToString(), file.Contents.Length);

    private static string ModeText(FileOpenMode mode) => string.Join("+",
        new[] { (FileOpenMode.Read, "read"), (FileOpenMode.Write, "write"), (FileOpenMode.Append, "append") }
            .Where(m => mode.HasFlag(m.Item1)).Select(m => m.Item2));

    internal static string AreaFlagText(AreaFlags flags) => string.Concat(
        flags.HasFlag(AreaFlags.Read) ? "r" : "-",
        flags.HasFlag(AreaFlags.Write) ? "w" : "-",
        flags.HasFlag(AreaFlags.Execute) ? "x" : "-");

    /// <summary>"BackupOverwrite" → "backup-overwrite".</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
