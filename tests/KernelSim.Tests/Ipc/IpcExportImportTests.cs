using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Ipc;

/// <summary>IPC state exports itself and re-imports into a fresh kernel; exporting again gives the same state.</summary>
public sealed class IpcExportImportTests
{
    private const ulong Echo = IpcMethods.FirstUser;
    private static readonly ulong[] s_members = [1, 2, 3];

    [Fact]
    public void Export_then_import_into_a_fresh_kernel_then_export_again_is_the_same()
    {
        var original = BuildBusyKernel();
        var exported = IpcExport.Of(original.Kernel, s_members);

        var fresh = FreshKernelLike(original);
        var import = IpcImport.Apply(fresh.Kernel, exported.Tasks, exported.Calls, exported.SharedAreas);
        Assert.Single(import.CallsForServices); // the connection attempt pending at ns, re-sent once ns is ready
        import.ResendToServices();
        fresh.Kernel.PumpNativeTasks();
        Assert.Single(fresh.Naming.Waiting);
        var again = IpcExport.Of(fresh.Kernel, s_members);

        // The one intended difference: a phone to a task outside the set comes back hung up.
        var expected = Render(exported).Replace("HungUp = False, Callee = outside", "HungUp = True, Callee = outside", StringComparison.Ordinal);
        Assert.Equal(expected, Render(again));
        Assert.Equal([4UL], exported.OutsideTaskIds);
    }

    [Fact]
    public void The_export_captures_every_queue_state_and_names_peers_by_kind()
    {
        var exported = IpcExport.Of(BuildBusyKernel().Kernel, s_members);
        var states = exported.Calls.Select(call => call.State).Distinct().Order().ToArray();
        Assert.Equal([CallQueueState.Queued, CallQueueState.Dispatched, CallQueueState.Answered], states);
        Assert.Contains(exported.Calls, call => call.Flags.Contains(IpcExport.SyncFlag) && call.SyncThreadId == 1);
        Assert.Contains(exported.Calls, call => call.Flags.Contains(IpcExport.ForwardedFlag) && call.Receiver == new PeerRef(PeerKind.Task, 3));
        Assert.Contains(exported.Calls, call => call.Transfer is { Kind: "data_write", Done: 256 });
        Assert.Contains(exported.Calls, call => call.Receiver == new PeerRef(PeerKind.Service, 1));
        var task2 = exported.Tasks.Single(task => task.TaskId == 2);
        Assert.Equal(new PhoneRecord(0, false, new PeerRef(PeerKind.Service, 1)), task2.Phones[0]);
        Assert.Contains(new PhoneRecord(3, false, new PeerRef(PeerKind.Outside, 4)), task2.Phones);
        Assert.Contains(task2.Phones, phone => phone.HungUp);
        var share = Assert.Single(exported.SharedAreas);
        Assert.Equal([2UL, 3UL], share.Participants.Select(p => p.Peer.Id));
    }

    [Fact]
    public void Imported_phones_keep_their_ids_and_holes_and_outside_phones_are_hung_up()
    {
        var original = BuildBusyKernel();
        var exported = IpcExport.Of(original.Kernel, s_members);
        var fresh = FreshKernelLike(original);
        IpcImport.Apply(fresh.Kernel, exported.Tasks, exported.Calls, exported.SharedAreas);
        var task2 = fresh.Task(2);
        Assert.Equal(original.Task(2).Ipc.NextPhoneId, task2.Ipc.NextPhoneId);
        Assert.Equal(PhoneState.HungUp, task2.Ipc.FindPhone(3)!.State); // the outside task is gone: its dummy is closed
        Assert.Equal(PhoneState.HungUp, task2.Ipc.FindPhone(2)!.State);
        var (a, b) = (fresh.Task(2).AddressSpace.Areas.Single(area => area.Backing == AreaBacking.Shared),
                      fresh.Task(3).AddressSpace.Areas.Single(area => area.Backing == AreaBacking.Shared));
        Assert.Same(a.Store, b.Store);
        Assert.True(fresh.Task(2).AddressSpace.TryWrite(a.Base, "x"u8));
        var read = new byte[1];
        Assert.True(fresh.Task(3).AddressSpace.TryRead(b.Base, read));
        Assert.Equal((byte)'x', read[0]);
    }

    public static TheoryData<string> Corruptions => new() { "phone", "receiver-id", "service", "duplicate-task", "sync-thread", "transfer", "share" };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void An_inconsistent_state_is_refused_with_one_exception_before_anything_changes(string corruption)
    {
        var original = BuildBusyKernel();
        var exported = IpcExport.Of(original.Kernel, s_members);
        var tasks = exported.Tasks.ToList();
        var calls = exported.Calls.ToList();
        var shares = exported.SharedAreas.ToList();
        var first = calls.FindIndex(call => call.State == CallQueueState.Dispatched && call.Receiver.Kind == PeerKind.Task);
        switch (corruption)
        {
            case "phone":
                calls[0] = calls[0] with { PhoneId = 99 };
                break;
            case "receiver-id":
                calls[first] = calls[first] with { ReceiverCallId = 1000 };
                break;
            case "service":
                tasks[0] = tasks[0] with { Phones = [.. tasks[0].Phones, new PhoneRecord(tasks[0].NextPhoneId - 1 + 100, false, new PeerRef(PeerKind.Service, 42))] };
                break;
            case "duplicate-task":
                tasks.Add(tasks[0]);
                break;
            case "sync-thread":
                var sync = calls.FindIndex(call => call.SyncThreadId != 0);
                calls[sync] = calls[sync] with { SyncThreadId = 9 };
                break;
            case "transfer":
                var data = calls.FindIndex(call => call.Transfer is not null);
                calls[data] = calls[data] with { Transfer = calls[data].Transfer! with { Done = calls[data].Transfer!.Size + 1 } };
                break;
            default:
                shares[0] = shares[0] with { Participants = [shares[0].Participants[0] with { AreaId = 77 }] };
                break;
        }

        var fresh = FreshKernelLike(original);
        var error = Assert.Throws<IpcImportException>(() => IpcImport.Apply(fresh.Kernel, tasks, calls, shares));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.All(s_members, id => Assert.True(fresh.Task(id).Ipc.IsPristine)); // nothing was created
        Assert.Empty(fresh.Kernel.SharedMemory.Stores);
    }

    /// <summary>
    /// Four holder tasks (1..4), members 1..3: task 2 has async calls to task 1 queued, dispatched and answered, a
    /// forwarded call now at task 3, a hung-up phone, a phone to outside task 4, a dispatched data write at task 1
    /// 256 bytes in, and a connection attempt waiting at ns; task 3's main thread waits in a sync call at task 1;
    /// task 2's heap area is shared with task 3.
    /// </summary>
    private static IpcBench BuildBusyKernel()
    {
        var bench = new IpcBench(4);
        var ipc = bench.Ipc;
        bench.Register(1, "one");
        bench.Register(3, "three");
        bench.Register(4, "four");
        var toOne = bench.Connect(2, "one");        // phone 1
        var hungUp = bench.Connect(2, "one");       // phone 2
        bench.Connect(2, "four");                   // phone 3, to the outside task
        var oneToThree = bench.Connect(1, "three");
        var threeToOne = bench.Connect(3, "one");

        ipc.CallAsync(bench.Task(2), toOne, IpcBench.Message(Echo, 1));                       // answered, unfetched
        ipc.CallAsync(bench.Task(2), toOne, IpcBench.Message(Echo + 1, 2));                   // forwarded to 3
        ipc.CallAsync(bench.Task(2), toOne, IpcBench.Message(IpcMethods.DataWrite, IpcBench.Buffer, 512));
        ipc.CallAsync(bench.Task(2), toOne, IpcBench.Message(Echo, 4));                       // dispatched
        ipc.CallAsync(bench.Task(2), toOne, IpcBench.Message(Echo, 5));                       // queued
        Assert.Null(ipc.CallSync(bench.Main(3), threeToOne, IpcBench.Message(Echo, 6), IpcBench.Buffer)); // queued, sync
        ipc.CallAsync(bench.Task(2), 0, IpcBench.Message(IpcMethods.ConnectMeTo, TestNamingService.Pack("nobody")));
        bench.Kernel.PumpNativeTasks();

        var answered = bench.Fetch(1).Event;
        ipc.Answer(bench.Task(1), answered.Id, new IpcMessage(0, 10, 11, 12, 13, 14));
        var forwarded = bench.Fetch(1).Event;
        Assert.Equal(0, ipc.Forward(bench.Task(1), forwarded.Id, oneToThree, Echo + 2, 20));
        var data = bench.Fetch(1).Event;
        var transfer = bench.Task(1).Ipc.Answerbox.Dispatched.Single(call => call.ReceiverCallId == data.Id).Transfer!;
        (transfer.ServerAddress, transfer.Size, transfer.Done) = (IpcBench.Buffer + 64, 512, 256);
        bench.Fetch(1); // Echo 4 dispatched; Echo 5 and the sync call stay queued

        var heap = bench.Kernel.CreateHeapArea(bench.Task(2), AddressSpaceLayout.PageSize, AreaFlags.Read | AreaFlags.Write)!;
        var toThree = bench.Connect(2, "three");
        ipc.CallAsync(bench.Task(2), toThree, IpcBench.Message(IpcMethods.ShareOut, heap.Base, heap.Size));
        bench.Fetch(3); // the forwarded call, now dispatched at task 3
        var share = bench.Fetch(3).Event;
        Assert.True(ipc.ShareFinalize(bench.Main(3), share.Id, 0, 3) > 0);
        ipc.HangUp(bench.Task(2), hungUp); // its kernel notice stays queued at task 1
        return bench;
    }

    /// <summary>A fresh kernel with the same four holder tasks and the members' shared areas rebuilt as a restore leaves them (unmapped).</summary>
    private static IpcBench FreshKernelLike(IpcBench original)
    {
        var fresh = new IpcBench(4);
        foreach (var id in s_members)
        {
            foreach (var area in original.Task(id).AddressSpace.Areas.Where(area => area.Backing == AreaBacking.Shared))
            {
                fresh.Task(id).AddressSpace.Add(new Area(area.Id, area.Base, area.Size, area.Flags, area.Kind, AreaBacking.Shared, area.Name));
            }
        }

        return fresh;
    }

    private static string Render(IpcExport export)
    {
        var lines = new List<string>();
        foreach (var task in export.Tasks)
        {
            lines.Add($"task {task.TaskId} next {task.NextPhoneId}/{task.NextCallId}/{task.NextReceiverCallId}: {string.Join(", ", task.Phones)}");
        }

        foreach (var call in export.Calls)
        {
            lines.Add($"{call.SenderTaskId}/{call.SenderCallId} phone {call.PhoneId} {call.State} at {call.Receiver} id {call.ReceiverCallId} pos {call.QueuePosition} "
                + $"sync {call.SyncThreadId} fwd {call.ForwardCount} [{string.Join(",", call.Flags.Order(StringComparer.Ordinal))}] "
                + $"req {string.Join(",", call.Request)} ans {(call.Answer is null ? "-" : string.Join(",", call.Answer))} {call.Transfer}");
        }

        foreach (var share in export.SharedAreas)
        {
            lines.Add($"share {share.ShareId} {share.Size} {share.Flags} {share.ServiceId} {share.ContentInImage}: {string.Join(", ", share.Participants)}");
        }

        return string.Join("\n", lines);
    }
}
