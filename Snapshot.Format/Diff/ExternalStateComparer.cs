using Snapshot.Format.Kernels;

namespace Snapshot.Format.Diff;

/// <summary>
/// Compares the external state of two images semantically. Each side is flattened into items keyed by stable ids
/// (so a reordered list is no difference) with their fields written as <see cref="FieldValues"/> does; calls are
/// decoded with each side's own profile, so images of different builds differ only where the calls do.
/// </summary>
internal static class ExternalStateComparer
{
    private readonly record struct Item(int Rank, ulong K1, ulong K2, ulong K3, string Category, string Key,
                                        IReadOnlyList<(string Field, string Value)> Fields);

    public static ExternalStateDiff Compare(ExternalState? a, ExternalState? b, DiffSide sideA, DiffSide sideB)
    {
        if (a is null && b is null)
            return ExternalStateDiff.None;
        Dictionary<(int, ulong, ulong, ulong), Item> itemsA = Items(a, sideA.Profile);
        Dictionary<(int, ulong, ulong, ulong), Item> itemsB = Items(b, sideB.Profile);
        var diffs = new List<ExternalItemDiff>();
        foreach (var key in itemsA.Keys.Union(itemsB.Keys).Order())
        {
            bool inA = itemsA.TryGetValue(key, out Item before);
            bool inB = itemsB.TryGetValue(key, out Item after);
            if (inA && inB)
            {
                var changes = new List<FieldChange>();
                var fieldsB = after.Fields.ToDictionary(f => f.Field, f => f.Value);
                foreach ((string field, string value) in before.Fields)
                    FieldValues.Add(changes, field, value, fieldsB.GetValueOrDefault(field, FieldValues.Absent));
                if (changes.Count > 0)
                    diffs.Add(new ExternalItemDiff(before.Category, before.Key, ChangeKind.Changed, changes));
            }
            else if (inA)
            {
                diffs.Add(new ExternalItemDiff(before.Category, before.Key, ChangeKind.Removed,
                    [.. before.Fields.Select(f => new FieldChange(f.Field, f.Value, FieldValues.Absent))]));
            }
            else
            {
                diffs.Add(new ExternalItemDiff(after.Category, after.Key, ChangeKind.Added,
                    [.. after.Fields.Select(f => new FieldChange(f.Field, FieldValues.Absent, f.Value))]));
            }
        }
        return new ExternalStateDiff(a is not null, b is not null, diffs);
    }

    private static Dictionary<(int, ulong, ulong, ulong), Item> Items(ExternalState? state, KernelBuildProfile? profile)
    {
        var items = new Dictionary<(int, ulong, ulong, ulong), Item>();
        if (state is null)
            return items;
        // First wins on a repeated id: the validator reports repeats, the diff need not fail on them.
        void Add(Item item) => items.TryAdd((item.Rank, item.K1, item.K2, item.K3), item);

        CooperationRecord c = state.Cooperation;
        Add(new Item(0, 0, 0, 0, "cooperation", "policies",
            [("error_policy", c.ErrorPolicy.ToString()), ("kill_policy", c.Kill.ToString()), ("timeout_ticks", FieldValues.Number(c.TimeoutTicks))]));
        foreach (ServiceMember s in c.Services)
            Add(new Item(1, s.ServiceId, 0, 0, "service", $"service {s.ServiceId}", [("name", s.Name), ("cooperated", Bool(s.Cooperated))]));
        foreach (ulong id in c.OutsideTaskIds)
            Add(new Item(2, id, 0, 0, "outside", $"outside task {id}", [("outside", "yes")]));
        foreach (OutsidePhoneRecord phone in c.OutsidePhones)
            Add(new Item(2, phone.TaskId, 1, phone.PhoneId, "outside_phone", $"outside task {phone.TaskId} phone {phone.PhoneId}",
                [("callee", phone.Callee.ToString())]));
        foreach (TaskIpcRecord ipc in state.TaskIpc)
        {
            Add(new Item(3, ipc.TaskId, 0, 0, "ipc", $"task {ipc.TaskId}",
                [("next_phone_id", FieldValues.Number(ipc.NextPhoneId)), ("next_call_id", FieldValues.Number(ipc.NextCallId)),
                 ("next_receiver_call_id", FieldValues.Number(ipc.NextReceiverCallId))]));
            foreach (PhoneRecord phone in ipc.Phones)
                Add(new Item(4, ipc.TaskId, phone.PhoneId, 0, "phone", $"task {ipc.TaskId} phone {phone.PhoneId}",
                    [("callee", phone.Callee.ToString()), ("hung_up", Bool(phone.HungUp))]));
        }
        for (int i = 0; i < state.Calls.Count; i++)
            Add(Call(state.Calls[i], i, profile));
        foreach (SharedAreaRecord share in state.SharedAreas)
        {
            Add(new Item(6, share.ShareId, 0, 0, "share", $"share {share.ShareId}",
                [("size", FieldValues.Number(share.Size)), ("flags", share.Flags.ToString()), ("service", FieldValues.Number(share.ServiceId)),
                 ("content_in_image", Bool(share.ContentInImage)),
                 ("participants", string.Join(", ", share.Participants.Select(p => $"{p.Peer} area {p.AreaId} at {FieldValues.Address(p.Base)}")))]));
        }
        foreach (ConnectionRecord connection in c.Connections)
        {
            Add(new Item(7, connection.ServiceId, connection.ClientTaskId, connection.PhoneId, "connection",
                $"service {connection.ServiceId} task {connection.ClientTaskId} phone {connection.PhoneId}",
                [("state_version", FieldValues.Number(connection.StateVersion)), .. connection.State.Select(e => ($"state.{e.Key}", e.Value))]));
        }
        foreach (TaskFilesRecord files in state.Files)
        {
            Add(new Item(8, files.TaskId, 0, 0, "files", $"task {files.TaskId}",
                [("working_directory", $"{files.WorkingDirectory} (fs {files.WorkingDirectoryFileSystemId})")]));
            foreach (OpenFileRecord file in files.Files)
            {
                Add(new Item(9, files.TaskId, file.Handle, 0, "file", $"task {files.TaskId} handle {file.Handle}",
                    [("path", file.Path), ("file", $"fs {file.FileSystemId} node {file.NodeId}"), ("mode", file.Mode.ToString()),
                     ("position", FieldValues.Number(file.Position)), ("policy", file.Policy.ToString()), ("size", FieldValues.Number(file.Size)),
                     ("content_hash", file.ContentHash.ToString()), ("contents_carried", FieldValues.Number((ulong)file.Contents.Length))]));
            }
        }
        return items;
    }

    /// <summary>A call keyed by (sender, sender call id); one that cannot be decoded is keyed by its position and compared raw.</summary>
    private static Item Call(CallRecord record, int position, KernelBuildProfile? profile)
    {
        if (profile?.Call is not null)
        {
            try
            {
                CanonicalCall call = CanonicalCodec.DecodeCall(record, profile);
                return new Item(5, call.SenderTaskId, call.SenderCallId, 0, "call", $"task {call.SenderTaskId} call {call.SenderCallId}",
                [
                    ("phone", FieldValues.Number(call.PhoneId)), ("state", call.State.ToString()), ("flags", FieldValues.Flags(call.Flags)),
                    ("receiver", call.Receiver.ToString()), ("receiver_call_id", FieldValues.Number(call.ReceiverCallId)),
                    ("queue_position", FieldValues.Number(call.QueuePosition)), ("sync_thread", FieldValues.Number(call.SyncThreadId)),
                    ("forward_count", FieldValues.Number(call.ForwardCount)),
                    ("request", string.Join(" ", call.Request.Select(w => FieldValues.Number(w)))),
                    ("answer", call.Answer is null ? FieldValues.Absent : string.Join(" ", call.Answer.Select(w => FieldValues.Number(w)))),
                    ("transfer", call.Transfer is { } t ? $"{t.Kind} {t.Done}/{t.Size} bytes, client {FieldValues.Address(t.ClientAddress)}, server {FieldValues.Address(t.ServerAddress)}" : FieldValues.Absent),
                ]);
            }
            catch (SnapshotFormatException)
            {
                // Falls through to the raw comparison: the validator names the problem, the diff shows the bytes.
            }
        }
        return new Item(5, ulong.MaxValue, (ulong)position, 0, "call", $"undecoded call {position}", [("blob", FieldValues.Hex(record.KernelCall.Span))]);
    }

    private static string Bool(bool value) => value ? "yes" : "no";
}
