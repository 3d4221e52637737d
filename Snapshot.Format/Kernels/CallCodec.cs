using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>
/// The call record ("call" struct, CALLS section) in canonical form: the canonical names of its enums and flags,
/// and decoding and encoding through a build profile.
/// </summary>
internal static class CallCodec
{
    private const string Section = "CALLS";

    public static IReadOnlyList<string> StateNames { get; } = ["queued", "dispatched", "answered"];

    public static IReadOnlyList<string> PeerKindNames { get; } = ["task", "service", "outside"];

    public static IReadOnlyList<string> TransferKindNames { get; } = [CanonicalFields.NoTransfer, "data_write", "data_read", "share_out", "share_in"];

    public static IReadOnlyList<string> FlagNames { get; } = ["sync", "notification", "forwarded"];

    public static CanonicalCall Decode(CallRecord record, KernelBuildProfile profile)
    {
        StructLayout layout = RequireCall(profile);
        var call = new StructReader(layout, record.KernelCall.Span, profile);

        CallQueueState state = call.EnumName(CanonicalFields.State) switch
        {
            "queued" => CallQueueState.Queued,
            "dispatched" => CallQueueState.Dispatched,
            "answered" => CallQueueState.Answered,
            var other => call.Fail<CallQueueState>($"call state '{other}' has no canonical meaning"),
        };
        PeerKind receiverKind = call.EnumName(CanonicalFields.ReceiverKind) switch
        {
            "task" => PeerKind.Task,
            "service" => PeerKind.Service,
            "outside" => PeerKind.Outside,
            var other => call.Fail<PeerKind>($"peer kind '{other}' has no canonical meaning"),
        };

        var request = new ulong[CanonicalCall.MessageWords];
        var answer = new ulong[CanonicalCall.MessageWords];
        for (int i = 0; i < CanonicalCall.MessageWords; i++)
        {
            request[i] = call.Number(CanonicalFields.RequestWord(i));
            answer[i] = call.Number(CanonicalFields.AnswerWord(i));
        }
        if (state != CallQueueState.Answered && answer.Any(word => word != 0))
            call.Fail($"a {state.ToString().ToLowerInvariant()} call carries answer words (only an answered call has an answer)");

        string transferKind = call.EnumName(CanonicalFields.TransferKind);
        CallTransfer? transfer = null;
        if (transferKind == CanonicalFields.NoTransfer)
        {
            if (call.Number(CanonicalFields.TransferClient) != 0 || call.Number(CanonicalFields.TransferServer) != 0
                || call.Number(CanonicalFields.TransferSize) != 0 || call.Number(CanonicalFields.TransferDone) != 0)
                call.Fail("a call without a transfer carries transfer addresses or sizes");
        }
        else
        {
            if (!TransferKindNames.Contains(transferKind))
                call.Fail($"transfer kind '{transferKind}' has no canonical meaning");
            transfer = new CallTransfer(transferKind, call.Number(CanonicalFields.TransferClient),
                call.Number(CanonicalFields.TransferServer), call.Number(CanonicalFields.TransferSize),
                call.Number(CanonicalFields.TransferDone));
            if (transfer.Done > transfer.Size)
                call.Fail($"transfer done {transfer.Done} exceeds its size {transfer.Size}");
        }

        return new CanonicalCall(
            call.Number(CanonicalFields.SenderTask), call.Number(CanonicalFields.SenderCallId),
            call.Number(CanonicalFields.PhoneId), state, call.FlagNames(CanonicalFields.Flags),
            new PeerRef(receiverKind, call.Number(CanonicalFields.ReceiverId)),
            call.Number(CanonicalFields.ReceiverCallId), call.Number(CanonicalFields.QueuePosition),
            call.Number32(CanonicalFields.SyncThread), call.Number32(CanonicalFields.ForwardCount),
            request, state == CallQueueState.Answered ? answer : null, transfer);
    }

    public static CallRecord? Encode(CanonicalCall call, KernelBuildProfile profile, List<StructProblem> problems)
    {
        if (call.Request.Count != CanonicalCall.MessageWords || call.Answer is { Count: not CanonicalCall.MessageWords })
            throw new ArgumentException($"a request and an answer have {CanonicalCall.MessageWords} words", nameof(call));
        if ((call.Answer is not null) != (call.State == CallQueueState.Answered))
            throw new ArgumentException("a call has an answer exactly when it is answered", nameof(call));
        if (profile.Call is not { } layout)
        {
            problems.Add(new StructProblem(CanonicalFields.CallStruct, CanonicalFields.CallStruct, NoCallsReason(profile)));
            return null;
        }

        var builder = new StructBuilder(layout, profile);
        builder.Number(CanonicalFields.SenderTask, call.SenderTaskId);
        builder.Number(CanonicalFields.SenderCallId, call.SenderCallId);
        builder.Number(CanonicalFields.PhoneId, call.PhoneId);
        builder.EnumName(CanonicalFields.State, StateNames[(int)call.State]);
        builder.FlagNames(CanonicalFields.Flags, call.Flags);
        builder.EnumName(CanonicalFields.ReceiverKind, call.Receiver.Kind switch
        {
            PeerKind.Task => "task",
            PeerKind.Service => "service",
            PeerKind.Outside => "outside",
            _ => throw new ArgumentOutOfRangeException(nameof(call), call.Receiver.Kind, "unknown peer kind"),
        });
        builder.Number(CanonicalFields.ReceiverId, call.Receiver.Id);
        builder.Number(CanonicalFields.ReceiverCallId, call.ReceiverCallId);
        builder.Number(CanonicalFields.QueuePosition, call.QueuePosition);
        builder.Number(CanonicalFields.SyncThread, call.SyncThreadId);
        builder.Number(CanonicalFields.ForwardCount, call.ForwardCount);
        for (int i = 0; i < CanonicalCall.MessageWords; i++)
        {
            builder.Number(CanonicalFields.RequestWord(i), call.Request[i]);
            builder.Number(CanonicalFields.AnswerWord(i), call.Answer?[i] ?? 0);
        }
        builder.EnumName(CanonicalFields.TransferKind, call.Transfer?.Kind ?? CanonicalFields.NoTransfer);
        if (call.Transfer is { } transfer)
        {
            builder.Number(CanonicalFields.TransferClient, transfer.ClientAddress);
            builder.Number(CanonicalFields.TransferServer, transfer.ServerAddress);
            builder.Number(CanonicalFields.TransferSize, transfer.Size);
            builder.Number(CanonicalFields.TransferDone, transfer.Done);
        }

        problems.AddRange(builder.Problems);
        return builder.Problems.Count == 0 ? new CallRecord(builder.Build()) : null;
    }

    /// <summary>Why a build without a call struct cannot hold a call.</summary>
    public static string NoCallsReason(KernelBuildProfile profile) =>
        $"build {profile.Build} has no IPC call record: its images cannot hold IPC state";

    private static StructLayout RequireCall(KernelBuildProfile profile) =>
        profile.Call ?? FormatThrow.Invalid<StructLayout>(Section, null, NoCallsReason(profile));
}
