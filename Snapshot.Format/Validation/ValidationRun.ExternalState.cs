using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Validation;

/// <summary>
/// Cross references of a checkpoint set's external state (format 1.2, image-format.md §14 step 7): every id a
/// phone, call, share, connection or file names must exist, and participants must agree with each other.
/// </summary>
internal sealed partial class ValidationRun
{
    /// <summary>The "external-state" bit and the COOPERATION section come together, like "repaired" and REPAIR.</summary>
    private void CheckExternalStateMark()
    {
        bool marked = (_header.Features.Incompatible & Features.IncompatExternalState) != 0;
        ReportRepeats("COOPERATION", _model.Cooperations.Select(c => c.Offset));
        ReportRepeats("SHARED_AREAS", _model.SharedAreas.Select(c => c.Offset));
        ReportRepeats("CALLS", _model.Calls.Select(c => c.Offset));
        if (marked)
        {
            if (_model.Cooperations.Count == 0)
                Problem("header", HeaderLayout.IncompatibleOffset, "the \"external-state\" feature bit is set but the image has no readable COOPERATION section");
            return;
        }
        foreach ((SectionType type, long offset, _) in _model.Order.Where(o => SectionNames.IsExternalState(o.Type)))
            Problem(SectionNames.Of(type), offset, $"a {SectionNames.Of(type)} section in an image without the \"external-state\" feature bit");
        foreach ((ulong taskId, IReadOnlyList<AreaRecord> areas, long offset) in _model.Areas)
        {
            foreach (AreaRecord area in areas.Where(a => a.Backing == AreaBacking.Shared))
                Problem("AREAS", offset, $"area {area.AreaId} of task {taskId} is shared, but the image lacks the \"external-state\" feature bit");
        }
    }

    private void ReportRepeats(string section, IEnumerable<long> offsets)
    {
        foreach (long offset in offsets.Skip(1))
            Problem(section, offset, $"a second {section} section");
    }

    private void CheckExternalState(KernelBuildProfile? profile)
    {
        if ((_header.Features.Incompatible & Features.IncompatExternalState) == 0 || _model.Cooperations.Count == 0)
            return;
        var set = new ExternalSet(this);
        CheckTaskIpc(set);
        CheckCooperation(set);
        CheckCalls(set, profile);
        CheckShares(set);
        CheckFiles(set);
    }

    /// <summary>Lookups the checks share: members, services, outside tasks, phones and receiver counters by task.</summary>
    private sealed class ExternalSet
    {
        public ExternalSet(ValidationRun run)
        {
            SectionModel model = run._model;
            (Cooperation, CooperationOffset) = model.Cooperations[0];
            Members = model.Checkpoints.Count > 0
                ? [.. model.Checkpoints[0].Record.TaskIds]
                : [.. model.Tasks.Select(t => t.Record.TaskId)];
            Services = [.. Cooperation.Services.Select(s => s.ServiceId)];
            Outside = [.. Cooperation.OutsideTaskIds];
            foreach ((TaskIpcRecord ipc, long offset) in model.TaskIpc)
                Ipc.TryAdd(ipc.TaskId, (ipc, offset));
            foreach ((ulong taskId, IReadOnlyList<AreaRecord> areas, _) in model.Areas)
                Areas.TryAdd(taskId, areas);
            foreach ((ThreadRecord thread, _) in model.Threads)
                Threads.Add((thread.TaskId, thread.ThreadId));
        }

        public CooperationRecord Cooperation { get; }
        public long CooperationOffset { get; }
        public HashSet<ulong> Members { get; }
        public HashSet<ulong> Services { get; }
        public HashSet<ulong> Outside { get; }
        public Dictionary<ulong, (TaskIpcRecord Record, long Offset)> Ipc { get; } = [];
        public Dictionary<ulong, IReadOnlyList<AreaRecord>> Areas { get; } = [];
        public HashSet<(ulong TaskId, uint ThreadId)> Threads { get; } = [];

        /// <summary>Null when the peer exists, else why not.</summary>
        public string? Missing(PeerRef peer) => peer.Kind switch
        {
            PeerKind.Task when !Members.Contains(peer.Id) => $"task {peer.Id} is not in the checkpoint set",
            PeerKind.Service when !Services.Contains(peer.Id) => $"service {peer.Id} is not a cooperative member (COOPERATION lists {List(Services)})",
            PeerKind.Outside when !Outside.Contains(peer.Id) => $"task {peer.Id} is not a listed outside task",
            _ => null,
        };

        public PhoneRecord? Phone(ulong taskId, ulong phoneId) =>
            Ipc.TryGetValue(taskId, out var ipc) ? ipc.Record.Phones.FirstOrDefault(p => p.PhoneId == phoneId) : null;

        private static string List(IEnumerable<ulong> ids) => ids.Any() ? string.Join(", ", ids.Order()) : "none";
    }

    private void CheckTaskIpc(ExternalSet set)
    {
        var seen = new HashSet<ulong>();
        foreach ((TaskIpcRecord ipc, long offset) in _model.TaskIpc)
        {
            if (!set.Members.Contains(ipc.TaskId))
                Problem("TASK_IPC", offset, $"IPC state of task {ipc.TaskId}, which is not in the checkpoint set");
            if (!seen.Add(ipc.TaskId))
                Problem("TASK_IPC", offset, $"a second TASK_IPC section for task {ipc.TaskId}");
            ulong? previous = null;
            foreach (PhoneRecord phone in ipc.Phones)
            {
                if (previous is { } p && phone.PhoneId <= p)
                    Problem("TASK_IPC", offset, $"phone {phone.PhoneId} of task {ipc.TaskId} follows phone {p}: phones ascend");
                previous = phone.PhoneId;
                if (phone.PhoneId >= ipc.NextPhoneId)
                    Problem("TASK_IPC", offset, $"phone {phone.PhoneId} of task {ipc.TaskId} is not below the next phone id {ipc.NextPhoneId}");
                if (set.Missing(phone.Callee) is { } why)
                    Problem("TASK_IPC", offset, $"phone {phone.PhoneId} of task {ipc.TaskId} calls {phone.Callee}, but {why}");
            }
        }
        foreach ((TaskRecord task, long offset) in _model.Tasks)
        {
            if (!seen.Contains(task.TaskId))
                Problem("TASK", offset, $"task {task.TaskId} has no TASK_IPC section; every task of an image with external state has one");
        }
    }

    private void CheckCooperation(ExternalSet set)
    {
        CooperationRecord cooperation = set.Cooperation;
        long offset = set.CooperationOffset;
        for (int i = 1; i < cooperation.Services.Count; i++)
        {
            if (cooperation.Services[i].ServiceId <= cooperation.Services[i - 1].ServiceId)
                Problem("COOPERATION", offset, $"service {cooperation.Services[i].ServiceId} follows service {cooperation.Services[i - 1].ServiceId}: services ascend");
        }
        foreach (ServiceMember service in cooperation.Services.Where(s => !s.Cooperated && cooperation.ErrorPolicy != CheckpointErrorPolicy.Resume))
            Problem("COOPERATION", offset, $"service {service.ServiceId} ({service.Name}) did not cooperate, which only the resume error policy allows");
        for (int i = 0; i < cooperation.OutsideTaskIds.Count; i++)
        {
            ulong id = cooperation.OutsideTaskIds[i];
            if (i > 0 && id <= cooperation.OutsideTaskIds[i - 1])
                Problem("COOPERATION", offset, $"outside task {id} follows outside task {cooperation.OutsideTaskIds[i - 1]}: outside tasks ascend");
            if (set.Members.Contains(id))
                Problem("COOPERATION", offset, $"outside task {id} is a task of the checkpoint set");
        }
        (ulong, ulong)? previousPhone = null;
        foreach (OutsidePhoneRecord phone in cooperation.OutsidePhones)
        {
            string name = $"outside phone {phone.PhoneId} of task {phone.TaskId}";
            var key = (phone.TaskId, phone.PhoneId);
            if (previousPhone is { } pp && key.CompareTo(pp) <= 0)
                Problem("COOPERATION", offset, $"{name} is out of order or repeated: outside phones ascend by task, phone");
            previousPhone = key;
            if (!cooperation.OutsideTaskIds.Contains(phone.TaskId))
                Problem("COOPERATION", offset, $"{name} belongs to a task that is not a listed outside task");
            // Restore connects the phone to the callee's answerbox, so it must be a task the image rebuilds.
            if (phone.Callee.Kind != PeerKind.Task || !set.Members.Contains(phone.Callee.Id))
                Problem("COOPERATION", offset, $"{name} calls {phone.Callee}, which is not a task of the checkpoint set");
        }
        (ulong, ulong, ulong)? previous = null;
        foreach (ConnectionRecord connection in cooperation.Connections)
        {
            string name = $"connection of task {connection.ClientTaskId} phone {connection.PhoneId} to service {connection.ServiceId}";
            var key = (connection.ServiceId, connection.ClientTaskId, connection.PhoneId);
            if (previous is { } p && key.CompareTo(p) <= 0)
                Problem("COOPERATION", offset, $"{name} is out of order or repeated: connections ascend by service, client, phone");
            previous = key;
            if (!set.Services.Contains(connection.ServiceId))
                Problem("COOPERATION", offset, $"{name}: service {connection.ServiceId} is not listed");
            if (!set.Members.Contains(connection.ClientTaskId))
                Problem("COOPERATION", offset, $"{name}: task {connection.ClientTaskId} is not in the checkpoint set");
            else if (set.Phone(connection.ClientTaskId, connection.PhoneId) is not { } phone)
                Problem("COOPERATION", offset, $"{name}: task {connection.ClientTaskId} has no phone {connection.PhoneId}");
            else if (phone.HungUp || phone.Callee != new PeerRef(PeerKind.Service, connection.ServiceId))
                Problem("COOPERATION", offset, $"{name}: the phone {(phone.HungUp ? "is hung up" : $"calls {phone.Callee}")}");
            for (int i = 1; i < connection.State.Count; i++)
            {
                if (string.CompareOrdinal(connection.State[i].Key, connection.State[i - 1].Key) <= 0)
                    Problem("COOPERATION", offset, $"{name}: state key \"{connection.State[i].Key}\" follows \"{connection.State[i - 1].Key}\": keys ascend");
            }
        }
    }

    private void CheckCalls(ExternalSet set, KernelBuildProfile? profile)
    {
        foreach ((IReadOnlyList<CallRecord> calls, long offset) in _model.Calls)
        {
            if (calls.Count == 0 || profile is null)
                continue;
            if (profile.Call is null)
            {
                Problem("CALLS", offset, $"{calls.Count} call(s), but build {profile.Build} has no \"call\" struct and cannot hold calls");
                continue;
            }
            var ids = new HashSet<(ulong, ulong)>();
            var receiverIds = new HashSet<(ulong, ulong)>();
            for (int i = 0; i < calls.Count; i++)
            {
                CanonicalCall call;
                try
                {
                    call = CanonicalCodec.DecodeCall(calls[i], profile);
                }
                catch (SnapshotFormatException e)
                {
                    Problem("CALLS", offset, $"call {i}: {e.Reason}");
                    continue;
                }
                CheckCall(set, call, offset, ids, receiverIds);
            }
        }
    }

    private void CheckCall(ExternalSet set, CanonicalCall call, long offset, HashSet<(ulong, ulong)> ids, HashSet<(ulong, ulong)> receiverIds)
    {
        string name = $"call {call.SenderCallId} of task {call.SenderTaskId}";
        if (call.SenderCallId != 0 && !ids.Add((call.SenderTaskId, call.SenderCallId)))
            Problem("CALLS", offset, $"{name} appears twice");
        if (!set.Members.Contains(call.SenderTaskId))
        {
            Problem("CALLS", offset, $"{name}: the sender is not in the checkpoint set");
            return;
        }
        if (set.Phone(call.SenderTaskId, call.PhoneId) is null)
            Problem("CALLS", offset, $"{name}: task {call.SenderTaskId} has no phone {call.PhoneId}");
        if (call.State == CallQueueState.Answered)
        {
            if (call.Receiver != new PeerRef(PeerKind.Task, call.SenderTaskId))
                Problem("CALLS", offset, $"{name}: an answered call waits in its sender's answerbox, not at {call.Receiver}");
        }
        else if (set.Missing(call.Receiver) is { } why)
        {
            Problem("CALLS", offset, $"{name}: receiver {call.Receiver}, but {why}");
        }
        if (call.State == CallQueueState.Dispatched && call.Receiver.Kind == PeerKind.Task
            && set.Ipc.TryGetValue(call.Receiver.Id, out var receiver))
        {
            if (call.ReceiverCallId == 0 || call.ReceiverCallId >= receiver.Record.NextReceiverCallId)
                Problem("CALLS", offset, $"{name}: receiver call id {call.ReceiverCallId} is not between 1 and task {call.Receiver.Id}'s next receiver call id {receiver.Record.NextReceiverCallId}");
            if (!receiverIds.Add((call.Receiver.Id, call.ReceiverCallId)))
                Problem("CALLS", offset, $"{name}: receiver call id {call.ReceiverCallId} of task {call.Receiver.Id} is used twice");
        }
        if (call.SyncThreadId != 0 && !set.Threads.Contains((call.SenderTaskId, call.SyncThreadId)))
            Problem("CALLS", offset, $"{name}: the waiting thread {call.SyncThreadId} does not exist in task {call.SenderTaskId}");
        if (call.Flags.Contains("sync") && call.SyncThreadId == 0)
            Problem("CALLS", offset, $"{name}: a synchronous call names no waiting thread");
    }

    private void CheckShares(ExternalSet set)
    {
        uint pageSize = _header.Build.PageSize;
        var participating = new HashSet<(ulong TaskId, uint AreaId)>();
        foreach ((IReadOnlyList<SharedAreaRecord> shares, long offset) in _model.SharedAreas)
        {
            ulong? previous = null;
            foreach (SharedAreaRecord share in shares)
            {
                string name = $"shared area {share.ShareId}";
                if (previous is { } p && share.ShareId <= p)
                    Problem("SHARED_AREAS", offset, $"{name} follows shared area {p}: shares ascend");
                previous = share.ShareId;
                if (share.Size == 0 || share.Size % pageSize != 0)
                    Problem("SHARED_AREAS", offset, $"{name}: size 0x{share.Size:x} is not a non-zero multiple of the page size");
                if (!share.ContentInImage && share.ServiceId == 0)
                    Problem("SHARED_AREAS", offset, $"{name}: its content is not in the image, yet no service keeps it");
                if (share.ServiceId != 0 && !set.Services.Contains(share.ServiceId))
                    Problem("SHARED_AREAS", offset, $"{name}: owner service {share.ServiceId} is not listed");
                ulong? lowest = share.Participants.Where(x => x.Peer.Kind == PeerKind.Task).Select(x => (ulong?)x.Peer.Id).Min();
                foreach (ShareParticipant participant in share.Participants)
                {
                    if (set.Missing(participant.Peer) is { } why)
                    {
                        Problem("SHARED_AREAS", offset, $"{name}: participant {participant.Peer}, but {why}");
                        continue;
                    }
                    if (participant.Peer.Kind == PeerKind.Task)
                        CheckShareParticipant(share, participant, lowest, offset, set, participating);
                }
            }
        }
        foreach ((ulong taskId, IReadOnlyList<AreaRecord> areas, long offset) in _model.Areas)
        {
            foreach (AreaRecord area in areas.Where(a => a.Backing == AreaBacking.Shared && !participating.Contains((taskId, a.AreaId))))
                Problem("AREAS", offset, $"area {area.AreaId} of task {taskId} is shared, but no SHARED_AREAS entry names it");
        }
    }

    private void CheckShareParticipant(SharedAreaRecord share, ShareParticipant participant, ulong? lowest, long offset,
        ExternalSet set, HashSet<(ulong TaskId, uint AreaId)> participating)
    {
        ulong taskId = participant.Peer.Id;
        string name = $"shared area {share.ShareId}, task {taskId} area {participant.AreaId}";
        AreaRecord? area = set.Areas.GetValueOrDefault(taskId)?.FirstOrDefault(a => a.AreaId == participant.AreaId);
        if (area is null)
        {
            Problem("SHARED_AREAS", offset, $"{name}: the task has no such area");
            return;
        }
        participating.Add((taskId, area.AreaId));
        if (area.Backing != AreaBacking.Shared)
            Problem("SHARED_AREAS", offset, $"{name}: the area's backing is {area.Backing}, not Shared");
        if (area.Base != participant.Base || area.Size != share.Size)
            Problem("SHARED_AREAS", offset, $"{name}: the area (0x{area.Base:x}, 0x{area.Size:x} bytes) disagrees with the share (base 0x{participant.Base:x}, 0x{share.Size:x} bytes)");
        bool mayHoldPages = share.ContentInImage && taskId == lowest;
        if (mayHoldPages)
            return;
        foreach ((IndexEntry chunk, long chunkOffset) in _model.Chunks.Where(c => c.Chunk.TaskId == taskId && c.Chunk.AreaId == area.AreaId))
        {
            Problem(chunk.SectionName, chunkOffset, share.ContentInImage
                ? $"chunk {chunk.ChunkIndex} of {name}: a share's pages are stored only with its lowest task participant (task {lowest})"
                : $"chunk {chunk.ChunkIndex} of {name}: service {share.ServiceId} keeps this share's content, the image must not");
        }
    }

    private void CheckFiles(ExternalSet set)
    {
        var seen = new HashSet<ulong>();
        foreach ((TaskFilesRecord files, long offset) in _model.Files)
        {
            if (!set.Members.Contains(files.TaskId))
                Problem("FILES", offset, $"files of task {files.TaskId}, which is not in the checkpoint set");
            if (!seen.Add(files.TaskId))
                Problem("FILES", offset, $"a second FILES section for task {files.TaskId}");
            var handles = new HashSet<uint>();
            foreach (OpenFileRecord file in files.Files)
            {
                string name = $"file {file.Path} (handle {file.Handle}) of task {files.TaskId}";
                if (!handles.Add(file.Handle))
                    Problem("FILES", offset, $"{name}: handle {file.Handle} is used twice");
                bool backup = file.Policy is FilePolicy.BackupOverwrite or FilePolicy.BackupSkip;
                if (!backup)
                {
                    if (file.Contents.Length != 0)
                        Problem("FILES", offset, $"{name}: policy {file.Policy} carries no contents, yet {file.Contents.Length} bytes are stored");
                    continue;
                }
                if ((ulong)file.Contents.Length != file.Size)
                    Problem("FILES", offset, $"{name}: policy {file.Policy} carries the whole file, {file.Size} bytes, but {file.Contents.Length} are stored");
                else if (Hash256.Compute(file.Contents.Span) != file.ContentHash)
                    Problem("FILES", offset, $"{name}: the stored contents do not hash to the content hash {file.ContentHash}");
            }
        }
    }
}
