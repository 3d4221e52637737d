using System.Text;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace Snapshot.Fuzz.Corpus;

/// <summary>
/// A checkpoint set with external state (format 1.2, spartan-0.5), built with the writer: two tasks, the naming
/// service and the VFS, an outside task, phones with a hole and a hung-up phone, calls queued, dispatched (sync
/// and a half-done data write) and answered, a shared area, and files under two policies. Every section of
/// format 1.2 is present, so the mutators reach every new parser and cross reference.
/// </summary>
public static class ExternalStateSeed
{
    public static byte[] Build()
    {
        var profile = KernelBuildCatalog.Find("spartan-0.5") ?? throw new InvalidOperationException("spartan-0.5 is not built in");
        HashSet<string> none = [];
        CallRecord[] calls =
        [
            CanonicalCodec.EncodeCall(new CanonicalCall(1, 3, 1, CallQueueState.Dispatched, new HashSet<string> { "sync" }, new PeerRef(PeerKind.Task, 2),
                1, 0, 1, 0, [2000, 7, 0, 0, 0, 0], null, null), profile),
            CanonicalCodec.EncodeCall(new CanonicalCall(1, 4, 1, CallQueueState.Dispatched, none, new PeerRef(PeerKind.Task, 2),
                2, 0, 0, 0, [6, 0x2_0000, 1024, 0, 0, 0], null, new CallTransfer("data_write", 0x2_0000, 0x2_1000, 1024, 512)), profile),
            CanonicalCodec.EncodeCall(new CanonicalCall(1, 5, 1, CallQueueState.Answered, none, new PeerRef(PeerKind.Task, 1),
                0, 0, 0, 0, [2001, 1, 0, 0, 0, 0], [0, 42, 0, 0, 0, 0], null), profile),
            CanonicalCodec.EncodeCall(new CanonicalCall(1, 6, 0, CallQueueState.Queued, new HashSet<string> { "forwarded" }, new PeerRef(PeerKind.Task, 2),
                0, 0, 0, 1, [3, 0x6f68_6365, 0, 0, 0, 0], null, null), profile),
        ];
        var contents = Encoding.UTF8.GetBytes("backup\n");
        using var stream = new MemoryStream();
        using (var writer = ImageWriter.Create(stream, profile.Stamp, new ImageWriterOptions { HasExternalState = true, PagesPerChunk = 4 }))
        {
            writer.WriteCheckpoint(new CheckpointRecord([1, 2], KilledAfter: false));
            writer.WriteCooperation(new CooperationRecord(CheckpointErrorPolicy.Cancel, KillPolicy.None, 1000,
                [new ServiceMember(1, "ns", true), new ServiceMember(2, "vfs", true)],
                [new ConnectionRecord(1, 1, 0, 1, [new ConnectionEntry("registered", "")]), new ConnectionRecord(2, 1, 2, 1, [new ConnectionEntry("cwd", "/")])],
                [9]));
            writer.WriteSharedAreas([new SharedAreaRecord(1, 0x2000, AreaFlags.Read | AreaFlags.Write, 0, true,
                [new ShareParticipant(new PeerRef(PeerKind.Task, 1), 3, 0x50_0000), new ShareParticipant(new PeerRef(PeerKind.Task, 2), 3, 0x40_0000)])]);
            writer.WriteCalls(calls);
            foreach (ulong taskId in new ulong[] { 1, 2 })
            {
                AreaRecord[] areas =
                [
                    new(1, 0x1_0000, 0x2000, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, AreaBacking.Program, "code"),
                    new(2, 0x2_0000, 0x2000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Anonymous, "data"),
                    new(3, taskId == 1 ? 0x50_0000UL : 0x40_0000UL, 0x2000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Shared, "shared"),
                ];
                var task = new CanonicalTask(taskId, "active", new HashSet<string> { "checkpointed" }, 2, 4, 1, 3, 0, taskId);
                writer.WriteTask(new TaskRecord(taskId, $"task{taskId}", "seed", Hash256.Compute([(byte)taskId]), CanonicalCodec.EncodeTask(task, profile)));
                writer.WriteAreas(taskId, areas);
                writer.WriteThread(CanonicalCodec.EncodeThread(taskId, new CanonicalThread(1, ThreadRunState.Blocked, new HashSet<string> { "main", "uspace" },
                    10, 0, 2, "syscall_restart", new UserRegisters(new ulong[16], 0x1_0040, 0x2_1ff0, 2, 0),
                    new PendingSyscall("sleep", [5, 0, 0, 0, 0], Restart: true)), profile));
                writer.WriteTaskIpc(taskId == 1
                    ? new TaskIpcRecord(1, 5, 7, 1,
                        [new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1)), new PhoneRecord(1, false, new PeerRef(PeerKind.Task, 2)),
                         new PhoneRecord(2, false, new PeerRef(PeerKind.Service, 2)), new PhoneRecord(4, true, new PeerRef(PeerKind.Task, 2))])
                    : new TaskIpcRecord(2, 1, 1, 3, [new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1))]));
                if (taskId == 1)
                {
                    writer.WriteTaskFiles(new TaskFilesRecord(1, 1, "/",
                    [
                        new OpenFileRecord(1, 1, 5, "/in", FileOpenMode.Read, 3, FilePolicy.Unchangeable, 26, Hash256.Compute("abcdefghijklmnopqrstuvwxyz"u8), ReadOnlyMemory<byte>.Empty),
                        new OpenFileRecord(2, 1, 6, "/out", FileOpenMode.Write, 7, FilePolicy.BackupSkip, (ulong)contents.Length, Hash256.Compute(contents), contents),
                    ]));
                }
                writer.WriteAreaMemory(taskId, areas[1], [new PageData(0, Filled((byte)(0x20 + taskId)))]);
                writer.WriteAreaMemory(taskId, areas[2], taskId == 1 ? [new PageData(1, Filled(0x5a))] : []);
            }
            writer.Complete();
        }
        return stream.ToArray();
    }

    private static byte[] Filled(byte value)
    {
        var page = new byte[4096];
        for (var i = 0; i < page.Length; i += 32)
            page[i] = value;
        return page;
    }
}
