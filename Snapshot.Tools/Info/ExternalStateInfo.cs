using System.Text.Json.Serialization;

namespace Snapshot.Tools.Info;

// The external state of a checkpoint set (format 1.2) as snapinfo reports it, shaped exactly as its JSON
// ("checkpointSet" and a task's "ipc" and "files" in format-spec/schemas/snapinfo.schema.json). Peers are named
// "task 1", "service 2 (vfs)", "outside task 9"; addresses and hashes are pre-formatted strings as elsewhere.

/// <summary>Members, cooperative services, outside tasks, policies, and what the set holds between its tasks.</summary>
internal sealed record CheckpointSetInfo(
    IReadOnlyList<ulong> Members,
    IReadOnlyList<ServiceInfo> Services,
    IReadOnlyList<ulong> OutsideTasks,
    IReadOnlyList<OutsidePhoneInfo> OutsidePhones,
    PoliciesInfo Policies,
    IReadOnlyList<ConnectionInfo> Connections,
    IReadOnlyList<SharedAreaInfo> SharedAreas,
    IReadOnlyList<CallInfo> Calls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallsNotDecoded);

internal sealed record ServiceInfo(ulong ServiceId, string Name, bool Cooperated);

/// <summary>A phone an outside task held into the set; restore hangs it up so the callee sees the client go.</summary>
internal sealed record OutsidePhoneInfo(ulong TaskId, ulong PhoneId, string Callee);

/// <summary>Error policy "cancel" or "resume"; kill policy "none", "zero" or "all".</summary>
internal sealed record PoliciesInfo(string ErrorPolicy, string KillPolicy, ulong TimeoutTicks);

internal sealed record ConnectionInfo(ulong ServiceId, string Service, ulong ClientTaskId, ulong PhoneId, uint StateVersion,
    IReadOnlyList<ConnectionEntryInfo> State);

internal sealed record ConnectionEntryInfo(string Key, string Value);

/// <summary>Owner is "tasks" (content in the image, with the lowest-id task participant) or the keeping service.</summary>
internal sealed record SharedAreaInfo(ulong ShareId, ulong Size, string Flags, string Owner, bool ContentInImage,
    IReadOnlyList<ShareParticipantInfo> Participants);

internal sealed record ShareParticipantInfo(string Peer, uint AreaId, string Base);

/// <summary>
/// One pending call decoded through the build's "call" struct; when it cannot be decoded only <c>Blob</c> and
/// <c>DecodeError</c> are set. State is "queued", "dispatched" or "answered"; Method names kernel methods
/// ("IPC_M_DATA_WRITE") and gives other methods as numbers.
/// </summary>
internal sealed record CallInfo(
    ulong? SenderTaskId,
    ulong? SenderCallId,
    ulong? PhoneId,
    string? State,
    IReadOnlyList<string>? Flags,
    string? Receiver,
    ulong? ReceiverCallId,
    ulong? QueuePosition,
    uint? SyncThreadId,
    uint? ForwardCount,
    string? Method,
    IReadOnlyList<string>? Request,
    IReadOnlyList<string>? Answer,
    TransferInfo? Transfer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Blob,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DecodeError);

/// <summary>A data transfer or share in progress; Done of Size bytes copied so far.</summary>
internal sealed record TransferInfo(string Kind, string ClientAddress, string ServerAddress, ulong Size, ulong Done);

/// <summary>A task's IPC counters and phone table; Holes are the unlisted (freed) phone ids below NextPhoneId, as ranges ("3", "5-7").</summary>
internal sealed record TaskIpcInfo(ulong NextPhoneId, ulong NextCallId, ulong NextReceiverCallId,
    IReadOnlyList<PhoneInfo> Phones, IReadOnlyList<string> Holes);

/// <summary>State is "connected" or "hung up".</summary>
internal sealed record PhoneInfo(ulong PhoneId, string State, string Callee);

internal sealed record TaskFilesInfo(ulong WorkingDirectoryFileSystemId, string WorkingDirectory, IReadOnlyList<OpenFileInfo> Files);

/// <summary>Mode is "read", "write", "append" joined by "+"; policy "unchangeable", "volatile", "backup-overwrite" or "backup-skip".</summary>
internal sealed record OpenFileInfo(uint Handle, ulong FileSystemId, ulong NodeId, string Path, string Mode, ulong Position,
    string Policy, ulong Size, string ContentHash, long ContentsStored);
