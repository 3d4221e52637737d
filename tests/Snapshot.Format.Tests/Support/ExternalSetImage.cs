using System.Text;
using Snapshot.Format.Kernels;

namespace Snapshot.Format.Tests.Support;

/// <summary>
/// A realistic checkpoint set with external state (format 1.2): client task 1 and server task 2, the naming service
/// and the VFS as cooperative members, outside task 9 with a phone into the set, calls in every queue state, memory
/// shared between the two tasks, and open files under two policies. Tests change one record to break one rule.
/// </summary>
internal sealed record ExternalSetImage
{
    public const ulong Client = 1;
    public const ulong Server = 2;
    public const ulong Outside = 9;
    public const uint SharedAreaId = 4;
    public const ulong ClientShareBase = 0x500000;
    public const ulong ServerShareBase = 0x400000;
    public static readonly byte[] BackupContents = Encoding.UTF8.GetBytes("hello, world\n");

    public required KernelBuildProfile Profile { get; init; }
    public required IReadOnlyList<TestTask> Tasks { get; init; }
    public required ExternalState External { get; init; }

    /// <summary>The calls in canonical form, in the order CALLS holds them (sender task, sender call id).</summary>
    public required IReadOnlyList<CanonicalCall> CanonicalCalls { get; init; }

    /// <summary>The first build whose profile has a "call" struct.</summary>
    public static KernelBuildProfile CallBuild => KernelBuildCatalog.Find("spartan-0.5")!;

    /// <summary>The set for <paramref name="profile"/> (default spartan-0.5), calls laid out by its "call" struct, or by <paramref name="encodeCall"/>.</summary>
    public static ExternalSetImage Create(KernelBuildProfile? profile = null, Func<CanonicalCall, ReadOnlyMemory<byte>>? encodeCall = null)
    {
        profile ??= CallBuild;
        TestTask client = WithSharedArea(TestTask.Create(Client, seed: 5, dataPages: 4, extraAreas: 1, profile), ClientShareBase);
        TestTask server = WithSharedArea(TestTask.Create(Server, seed: 6, dataPages: 3, extraAreas: 1, profile), ServerShareBase);
        // The share's pages live in the lowest participant's image only.
        client.Pages[SharedAreaId] = [TestTask.Page(0, new Random(11)), TestTask.Page(2, new Random(12))];
        server.Pages[SharedAreaId] = [];

        CanonicalCall[] calls = [.. Calls()];
        encodeCall ??= call => CanonicalCodec.EncodeCall(call, profile).KernelCall;
        var cooperation = new CooperationRecord(CheckpointErrorPolicy.Cancel, KillPolicy.None, 1000,
            [new ServiceMember(1, "ns", Cooperated: true), new ServiceMember(2, "vfs", Cooperated: true)],
            [
                new ConnectionRecord(1, Client, 0, 1, [new ConnectionEntry("registered", "")]),
                new ConnectionRecord(1, Server, 0, 1, [new ConnectionEntry("registered", "echo")]),
                new ConnectionRecord(2, Client, 2, 1, [new ConnectionEntry("cwd", "/data")]),
            ],
            [Outside])
        {
            // The outside task holds phone 1 into the server: restore hangs it up through a stand-in.
            OutsidePhones = [new OutsidePhoneRecord(Outside, 1, new PeerRef(PeerKind.Task, Server))],
        };
        var shares = new List<SharedAreaRecord>
        {
            new(1, 0x4000, AreaFlags.Read | AreaFlags.Write, ServiceId: 0, ContentInImage: true,
                [new ShareParticipant(new PeerRef(PeerKind.Task, Client), SharedAreaId, ClientShareBase),
                 new ShareParticipant(new PeerRef(PeerKind.Task, Server), SharedAreaId, ServerShareBase)]),
        };
        var ipc = new List<TaskIpcRecord>
        {
            // Phone 3 was closed and is gone (a hole); phone 4 is hung up.
            new(Client, NextPhoneId: 5, NextCallId: 7, NextReceiverCallId: 1,
            [
                new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1)),
                new PhoneRecord(1, false, new PeerRef(PeerKind.Task, Server)),
                new PhoneRecord(2, false, new PeerRef(PeerKind.Service, 2)),
                new PhoneRecord(4, true, new PeerRef(PeerKind.Task, Server)),
            ]),
            new(Server, NextPhoneId: 1, NextCallId: 1, NextReceiverCallId: 3,
            [
                new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1)),
            ]),
        };
        var files = new List<TaskFilesRecord>
        {
            new(Client, 1, "/data",
            [
                new OpenFileRecord(1, 1, 5, "/data/in.txt", FileOpenMode.Read, 10, FilePolicy.Unchangeable, 26,
                    Hash256.Compute(Encoding.UTF8.GetBytes("abcdefghijklmnopqrstuvwxyz")), ReadOnlyMemory<byte>.Empty),
                new OpenFileRecord(2, 1, 6, "/data/out.txt", FileOpenMode.Write | FileOpenMode.Append, 13, FilePolicy.BackupOverwrite,
                    (ulong)BackupContents.Length, Hash256.Compute(BackupContents), BackupContents),
            ]),
        };
        return new ExternalSetImage
        {
            Profile = profile,
            Tasks = [client, server],
            CanonicalCalls = calls,
            External = new ExternalState(cooperation, shares, [.. calls.Select(call => new CallRecord(encodeCall(call)))], ipc, files),
        };
    }

    public byte[] Write(ImageWriterOptions? options = null)
    {
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, Profile.Stamp, (options ?? new()) with { HasExternalState = true }))
        {
            writer.WriteCheckpoint(new CheckpointRecord([.. Tasks.Select(t => t.Task.TaskId)], KilledAfter: false));
            writer.WriteCooperation(External.Cooperation);
            writer.WriteSharedAreas(External.SharedAreas);
            writer.WriteCalls(External.Calls);
            foreach (TestTask task in Tasks)
            {
                ulong id = task.Task.TaskId;
                writer.WriteTask(task.Task);
                writer.WriteAreas(id, task.Areas);
                foreach (ThreadRecord thread in task.Threads)
                    writer.WriteThread(thread);
                if (External.TaskIpc.FirstOrDefault(ipc => ipc.TaskId == id) is { } taskIpc)
                    writer.WriteTaskIpc(taskIpc);
                if (External.Files.FirstOrDefault(files => files.TaskId == id) is { } taskFiles)
                    writer.WriteTaskFiles(taskFiles);
                foreach (AreaRecord area in task.Areas)
                    writer.WriteAreaMemory(id, area, task.Pages.GetValueOrDefault(area.AreaId, []));
            }
            writer.Complete();
        }
        return buffer.ToArray();
    }

    public string WriteFile(TempDirectory directory, string name = "set.snap")
    {
        string path = directory.File(name);
        File.WriteAllBytes(path, Write());
        return path;
    }

    /// <summary>This set with the calls replaced (re-encoded for the set's build).</summary>
    public ExternalSetImage WithCalls(IEnumerable<CanonicalCall> calls)
    {
        CanonicalCall[] list = [.. calls];
        return this with
        {
            CanonicalCalls = list,
            External = External with { Calls = [.. list.Select(call => CanonicalCodec.EncodeCall(call, Profile))] },
        };
    }

    private static IEnumerable<CanonicalCall> Calls()
    {
        HashSet<string> none = [];
        // A synchronous call the server fetched and works on; the client's thread 1 waits for it.
        yield return new CanonicalCall(Client, 3, 1, CallQueueState.Dispatched, new HashSet<string> { "sync" },
            new PeerRef(PeerKind.Task, Server), ReceiverCallId: 1, QueuePosition: 0, SyncThreadId: 1, ForwardCount: 0,
            [2000, 7, 0, 0, 0, 0], Answer: null, Transfer: null);
        // A data write the server finalized and half copied (Fluke-style progress).
        yield return new CanonicalCall(Client, 4, 1, CallQueueState.Dispatched, none,
            new PeerRef(PeerKind.Task, Server), ReceiverCallId: 2, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 0,
            [6, 0x20000, 1024, 0, 0, 0], Answer: null, new CallTransfer("data_write", 0x20000, 0x21000, 1024, 512));
        // Answered, the answer not fetched yet.
        yield return new CanonicalCall(Client, 5, 1, CallQueueState.Answered, none,
            new PeerRef(PeerKind.Task, Client), ReceiverCallId: 0, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 0,
            [2001, 1, 2, 0, 0, 0], [0, 42, 0, 0, 0, 0], Transfer: null);
        // A connection request the naming service forwarded to the server, still queued there.
        yield return new CanonicalCall(Client, 6, 0, CallQueueState.Queued, new HashSet<string> { "forwarded" },
            new PeerRef(PeerKind.Task, Server), ReceiverCallId: 0, QueuePosition: 0, SyncThreadId: 0, ForwardCount: 1,
            [3, 0x6f686365, 0, 0, 0, 0], Answer: null, Transfer: null);
    }

    private static TestTask WithSharedArea(TestTask task, ulong shareBase)
    {
        task.Areas.Add(new AreaRecord(SharedAreaId, shareBase, 0x4000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Shared, "shared"));
        return task;
    }
}
