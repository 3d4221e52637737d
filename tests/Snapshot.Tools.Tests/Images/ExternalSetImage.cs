using System.Text;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace Snapshot.Tools.Tests.Images;

/// <summary>
/// Writes a realistic checkpoint set with external state (format 1.2, build spartan-0.5): a client (task 1) and
/// a server (task 2) that are both user programs, the naming service and the VFS as cooperative members, outside
/// task 9 with a phone into the server; phones with a hole and a hung-up phone; calls in every queue state (queued
/// and forwarded, dispatched synchronous, dispatched data write half copied, answered but not fetched, and one
/// dispatched at the VFS); a 16 KiB area the two tasks share; open files under the unchangeable and the
/// backup-overwrite policy. Everything is fixed, so the bytes are the same on every run.
/// </summary>
internal static class ExternalSetImage
{
    public const ulong Client = 1;
    public const ulong Server = 2;
    public const uint SharedAreaId = 3;

    public static KernelBuildProfile Profile => KernelBuildCatalog.Find("spartan-0.5")
        ?? throw new InvalidOperationException("the spartan-0.5 profile is not built in");

    public static readonly byte[] BackupContents = Encoding.UTF8.GetBytes("line 1\nline 2\n");

    /// <summary>Writes the set to <paramref name="path"/>; <paramref name="change"/> may alter the external state first.</summary>
    public static string Write(string path, Func<ExternalState, ExternalState>? change = null, Func<CanonicalCall, CanonicalCall>? changeCall = null)
    {
        var profile = Profile;
        ExternalState state = State([.. Calls().Select(changeCall ?? (call => call)).Select(call => CanonicalCodec.EncodeCall(call, profile))]);
        state = change?.Invoke(state) ?? state;
        using var file = File.Create(path);
        using var writer = ImageWriter.Create(file, profile.Stamp, new ImageWriterOptions { HasExternalState = true });
        writer.WriteCheckpoint(new CheckpointRecord([Client, Server], KilledAfter: false));
        writer.WriteCooperation(state.Cooperation);
        writer.WriteSharedAreas(state.SharedAreas);
        writer.WriteCalls(state.Calls);
        foreach (var (taskId, program, shareBase) in new[] { (Client, "client", 0x50_0000UL), (Server, "echo", 0x40_0000UL) })
        {
            AreaRecord[] areas =
            [
                new(1, 0x1_0000, 0x4000, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, AreaBacking.Program, "code"),
                new(2, 0x2_0000, 0x4000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Anonymous, "data"),
                new(SharedAreaId, shareBase, 0x4000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Shared, "shared"),
                new(4, 0x7fff_0000, 0x4000, AreaFlags.Read | AreaFlags.Write, AreaKind.Stack, AreaBacking.Anonymous, "stack"),
            ];
            var task = new CanonicalTask(taskId, "active", new HashSet<string> { "checkpointed" }, NextThreadId: 2, NextAreaId: 5,
                ThreadCount: 1, AreaCount: 4, HeapCursor: 0, RngState: 0x1234 * taskId);
            writer.WriteTask(new TaskRecord(taskId, $"{program}#{taskId}", program, Hash256.Compute(Encoding.UTF8.GetBytes(program)),
                CanonicalCodec.EncodeTask(task, profile)));
            writer.WriteAreas(taskId, areas);
            writer.WriteThread(CanonicalCodec.EncodeThread(taskId, Thread(taskId), profile));
            writer.WriteTaskIpc(state.TaskIpc.Single(ipc => ipc.TaskId == taskId));
            if (state.Files.SingleOrDefault(files => files.TaskId == taskId) is { } files)
                writer.WriteTaskFiles(files);
            writer.WriteAreaMemory(taskId, areas[0], [Page(0, (byte)(0x10 + taskId))]);
            writer.WriteAreaMemory(taskId, areas[1], [Page(1, (byte)(0x20 + taskId))]);
            // The share's pages are stored once, with its lowest task participant.
            writer.WriteAreaMemory(taskId, areas[2], taskId == Client ? [Page(0, 0x5a), Page(2, 0x5b)] : []);
            writer.WriteAreaMemory(taskId, areas[3], [Page(3, (byte)(0x40 + taskId))]);
        }
        writer.Complete();
        return path;
    }

    private static ExternalState State(IReadOnlyList<CallRecord> calls) => new(
        new CooperationRecord(CheckpointErrorPolicy.Cancel, KillPolicy.None, 1000,
            [new ServiceMember(1, "ns", Cooperated: true), new ServiceMember(2, "vfs", Cooperated: true)],
            [
                new ConnectionRecord(1, Client, 0, 1, [new ConnectionEntry("registered", "")]),
                new ConnectionRecord(1, Server, 0, 1, [new ConnectionEntry("registered", "echo")]),
                new ConnectionRecord(2, Client, 2, 1, [new ConnectionEntry("cwd", "/data"), new ConnectionEntry("handles", "1,2")]),
            ],
            [9])
        {
            // Outside task 9 holds phone 1 into the server: restore hangs it up through a stand-in.
            OutsidePhones = [new OutsidePhoneRecord(9, 1, new PeerRef(PeerKind.Task, Server))],
        },
        [
            new SharedAreaRecord(1, 0x4000, AreaFlags.Read | AreaFlags.Write, ServiceId: 0, ContentInImage: true,
                [new ShareParticipant(new PeerRef(PeerKind.Task, Client), SharedAreaId, 0x50_0000),
                 new ShareParticipant(new PeerRef(PeerKind.Task, Server), SharedAreaId, 0x40_0000)]),
        ],
        calls,
        [
            // Phone 3 was closed and freed (a hole); phone 4 is hung up.
            new TaskIpcRecord(Client, NextPhoneId: 5, NextCallId: 8, NextReceiverCallId: 1,
            [
                new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1)),
                new PhoneRecord(1, false, new PeerRef(PeerKind.Task, Server)),
                new PhoneRecord(2, false, new PeerRef(PeerKind.Service, 2)),
                new PhoneRecord(4, true, new PeerRef(PeerKind.Task, Server)),
            ]),
            new TaskIpcRecord(Server, NextPhoneId: 1, NextCallId: 1, NextReceiverCallId: 3,
                [new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1))]),
        ],
        [
            new TaskFilesRecord(Client, 1, "/data",
            [
                new OpenFileRecord(1, 1, 5, "/data/in.txt", FileOpenMode.Read, 10, FilePolicy.Unchangeable, 26,
                    Hash256.Compute("abcdefghijklmnopqrstuvwxyz"u8), ReadOnlyMemory<byte>.Empty),
                new OpenFileRecord(2, 1, 6, "/data/out.txt", FileOpenMode.Write | FileOpenMode.Append, 14, FilePolicy.BackupOverwrite,
                    (ulong)BackupContents.Length, Hash256.Compute(BackupContents), BackupContents),
            ]),
        ]);

    /// <summary>Calls of the client in sender call id order.</summary>
    public static IEnumerable<CanonicalCall> Calls()
    {
        HashSet<string> none = [];
        // A VFS read the VFS fetched and has not answered (it waits for input): dispatched at a service.
        yield return new CanonicalCall(Client, 2, 2, CallQueueState.Dispatched, none, new PeerRef(PeerKind.Service, 2),
            ReceiverCallId: 17, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 0, [1201, 1, 0x2_0100, 64, 0, 0], null, null);
        // A synchronous call the server fetched; the client's thread 1 waits for it.
        yield return new CanonicalCall(Client, 3, 1, CallQueueState.Dispatched, new HashSet<string> { "sync" }, new PeerRef(PeerKind.Task, Server),
            ReceiverCallId: 1, QueuePosition: 0, SyncThreadId: 1, ForwardCount: 0, [2000, 7, 0, 0, 0, 0], null, null);
        // A data write the server finalized and half copied.
        yield return new CanonicalCall(Client, 4, 1, CallQueueState.Dispatched, none, new PeerRef(PeerKind.Task, Server),
            ReceiverCallId: 2, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 0, [6, 0x2_0000, 1024, 0, 0, 0], null,
            new CallTransfer("data_write", 0x2_0000, 0x2_1000, 1024, 512));
        // Answered, the answer not fetched yet.
        yield return new CanonicalCall(Client, 5, 1, CallQueueState.Answered, none, new PeerRef(PeerKind.Task, Client),
            ReceiverCallId: 0, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 0, [2001, 1, 2, 0, 0, 0], [0, 42, 0, 0, 0, 0], null);
        // A connection request the naming service forwarded to the server, still queued there.
        yield return new CanonicalCall(Client, 6, 0, CallQueueState.Queued, new HashSet<string> { "forwarded" }, new PeerRef(PeerKind.Task, Server),
            ReceiverCallId: 0, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 1, [3, 0x6f68_6365, 0, 0, 0, 0], null, null);
        // Queued behind it, not fetched yet.
        yield return new CanonicalCall(Client, 7, 1, CallQueueState.Queued, none, new PeerRef(PeerKind.Task, Server),
            ReceiverCallId: 0, QueuePosition: 1, SyncThreadId: 0, ForwardCount: 0, [2002, 0, 0, 0, 0, 0], null, null);
    }

    private static CanonicalThread Thread(ulong taskId) => new(
        1, ThreadRunState.Blocked, new HashSet<string> { "main", "uspace" }, QuantumLeft: 10, Rank: 0, StackAreaId: 4,
        "syscall_restart", new UserRegisters([.. Enumerable.Range(0, 16).Select(i => (ulong)i * taskId)], 0x1_0040, 0x7fff_3ff0, 2, 0),
        new PendingSyscall("sleep", [5, 0, 0, 0, 0], Restart: true));

    private static PageData Page(ulong index, byte fill)
    {
        var bytes = new byte[4096];
        for (var i = 0; i < bytes.Length; i += 64)
            bytes[i] = fill;
        return new PageData(index, bytes);
    }
}
