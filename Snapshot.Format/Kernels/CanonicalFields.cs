namespace Snapshot.Format.Kernels;

/// <summary>The struct field names the canonical form is built from; every build profile uses these names.</summary>
internal static class CanonicalFields
{
    public const string TaskId = "task_id";
    public const string State = "state";
    public const string Flags = "flags";
    public const string NextThreadId = "next_thread_id";
    public const string NextAreaId = "next_area_id";
    public const string ThreadCount = "thread_count";
    public const string AreaCount = "area_count";
    public const string HeapCursor = "heap_cursor";
    public const string RngState = "rng_state";

    public const string ThreadId = "thread_id";
    public const string QuantumLeft = "quantum_left";
    public const string Rank = "rank";
    public const string StackArea = "stack_area";

    public const string StopSite = "stop_site";
    public const string Syscall = "syscall";
    public const string Restart = "restart";
    public const string Pc = "pc";
    public const string Sp = "sp";
    public const string UserFlags = "flags";
    public const string Tls = "tls";

    public const string SenderTask = "sender_task";
    public const string SenderCallId = "sender_call_id";
    public const string PhoneId = "phone_id";
    public const string ReceiverKind = "receiver_kind";
    public const string ReceiverId = "receiver_id";
    public const string ReceiverCallId = "receiver_call_id";
    public const string QueuePosition = "queue_position";
    public const string SyncThread = "sync_thread";
    public const string ForwardCount = "forward_count";
    public const string TransferKind = "transfer_kind";
    public const string TransferClient = "transfer_client";
    public const string TransferServer = "transfer_server";
    public const string TransferSize = "transfer_size";
    public const string TransferDone = "transfer_done";

    /// <summary>The struct names the canonical form reads.</summary>
    public const string TaskStruct = "task";
    public const string ThreadStruct = "thread";
    public const string KernelStackStruct = "kstack";
    public const string CallStruct = "call";

    /// <summary>Enum and flag set names the call struct relies on.</summary>
    public const string CallStateEnum = "call_state";
    public const string PeerKindEnum = "peer_kind";
    public const string TransferKindEnum = "transfer_kind";
    public const string CallFlagSet = "call_flags";

    /// <summary>The "transfer_kind" value of a call that carries no transfer.</summary>
    public const string NoTransfer = "none";

    public static string Arg(int i) => $"arg{i}";

    public static string Register(int i) => $"r{i}";

    /// <summary>Request words: "method", "arg1" … "arg5".</summary>
    public static string RequestWord(int i) => i == 0 ? "method" : $"arg{i}";

    /// <summary>Answer words: "retval", "answer1" … "answer5".</summary>
    public static string AnswerWord(int i) => i == 0 ? "retval" : $"answer{i}";

    /// <summary>
    /// Every canonical field of a struct, mapped to whether a build may leave it out because decoding derives it
    /// (kernel-profiles.md §5.1): ids from the section that holds the blob, <c>restart</c> from the stop site.
    /// Empty for a struct the canonical form does not read.
    /// </summary>
    public static IReadOnlyDictionary<string, bool> Of(string structName) => structName switch
    {
        TaskStruct => s_task,
        ThreadStruct => s_thread,
        KernelStackStruct => s_kernelStack,
        CallStruct => s_call,
        _ => s_none,
    };

    private static readonly IReadOnlyDictionary<string, bool> s_none = new Dictionary<string, bool>();

    private static readonly IReadOnlyDictionary<string, bool> s_task = Table(
        [TaskId], [State, Flags, NextThreadId, NextAreaId, ThreadCount, AreaCount, HeapCursor, RngState]);

    private static readonly IReadOnlyDictionary<string, bool> s_thread = Table(
        [ThreadId], [State, Flags, QuantumLeft, Rank, StackArea]);

    private static readonly IReadOnlyDictionary<string, bool> s_kernelStack = Table(
        [Restart],
        [StopSite, Syscall, Pc, Sp, UserFlags, Tls,
         .. Enumerable.Range(0, PendingSyscall.ArgumentCount).Select(Arg),
         .. Enumerable.Range(0, UserRegisters.GeneralCount).Select(Register)]);

    private static readonly IReadOnlyDictionary<string, bool> s_call = Table(
        [],
        [SenderTask, SenderCallId, PhoneId, State, Flags, ReceiverKind, ReceiverId, ReceiverCallId, QueuePosition,
         SyncThread, ForwardCount, TransferKind, TransferClient, TransferServer, TransferSize, TransferDone,
         .. Enumerable.Range(0, CanonicalCall.MessageWords).Select(RequestWord),
         .. Enumerable.Range(0, CanonicalCall.MessageWords).Select(AnswerWord)]);

    private static Dictionary<string, bool> Table(string[] derivable, string[] required)
    {
        var table = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (string name in derivable)
            table.Add(name, true);
        foreach (string name in required)
            table.Add(name, false);
        return table;
    }
}
