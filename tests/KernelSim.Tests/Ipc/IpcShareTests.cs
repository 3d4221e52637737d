using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Tests.Ipc;

/// <summary>Shares: share-out and share-in map one page store into both tasks; a service lends its own store.</summary>
public sealed class IpcShareTests
{
    [Fact]
    public void Share_out_maps_the_clients_area_into_the_receiver_and_writes_are_seen_by_both()
    {
        var bench = new IpcBench(2);
        var (server, client) = (bench.Task(1), bench.Task(2));
        var area = bench.Kernel.CreateHeapArea(client, 2 * AddressSpaceLayout.PageSize, AreaFlags.Read | AreaFlags.Write)!;
        Assert.True(client.AddressSpace.TryWrite(area.Base + 10, "before"u8));
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(client, phone, IpcBench.Message(IpcMethods.ShareOut, area.Base, area.Size));
        var request = bench.Fetch(1).Event;

        var mapped = bench.Ipc.ShareFinalize(bench.Main(1), request.Id, 0, (ulong)AreaFlags.Read | (ulong)AreaFlags.Write);
        Assert.True(mapped > 0);
        var serverArea = server.AddressSpace.FindByBase((ulong)mapped)!;
        Assert.Equal((AreaBacking.Shared, AreaBacking.Shared), (area.Backing, serverArea.Backing));
        Assert.Same(area.Store, serverArea.Store);
        Assert.Equal(1UL, area.Store!.ShareId);
        Assert.Equal([client, server], area.Store.Mappings.Select(m => m.Task));

        Assert.Equal("before", Text(server, (ulong)mapped + 10, 6)); // the pages written before the share came along
        Assert.True(server.AddressSpace.TryWrite((ulong)mapped + 100, "from server"u8));
        Assert.Equal("from server", Text(client, area.Base + 100, 11));
        Assert.Equal(0UL, bench.Fetch(2).Event.Message.ReturnValue);
    }

    [Fact]
    public void Share_in_lends_the_receivers_area_to_the_client_at_the_base_the_answer_names()
    {
        var bench = new IpcBench(2);
        var (server, client) = (bench.Task(1), bench.Task(2));
        var area = bench.Kernel.CreateHeapArea(server, AddressSpaceLayout.PageSize, AreaFlags.Read | AreaFlags.Write)!;
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(client, phone, IpcBench.Message(IpcMethods.ShareIn, AddressSpaceLayout.PageSize, (ulong)AreaFlags.Read));
        var request = bench.Fetch(1).Event;

        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.ShareFinalize(bench.Main(1), request.Id, area.Base + AddressSpaceLayout.PageSize, 1));
        Assert.Equal(0L, bench.Ipc.ShareFinalize(bench.Main(1), request.Id, area.Base, (ulong)AreaFlags.Read));
        var clientBase = bench.Fetch(2).Event.Message.ReturnValue;
        var clientArea = client.AddressSpace.FindByBase(clientBase)!;
        Assert.Equal(AreaFlags.Read, clientArea.Flags);
        Assert.True(server.AddressSpace.TryWrite(area.Base, "lent"u8));
        Assert.Equal("lent", Text(client, clientBase, 4));
        Assert.False(client.AddressSpace.TryWrite(clientBase, "x"u8)); // read-only mapping
    }

    [Fact]
    public void A_store_is_dropped_when_its_last_mapping_goes_and_ids_keep_counting()
    {
        var bench = new IpcBench(2);
        var area = bench.Kernel.CreateHeapArea(bench.Task(2), AddressSpaceLayout.PageSize, AreaFlags.Read | AreaFlags.Write)!;
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.ShareOut, area.Base, area.Size));
        bench.Ipc.ShareFinalize(bench.Main(1), bench.Fetch(1).Event.Id, 0, 1);
        bench.Kernel.Kill(1);
        Assert.Single(bench.Kernel.SharedMemory.Stores);
        bench.Kernel.Kill(2);
        Assert.Empty(bench.Kernel.SharedMemory.Stores);
        Assert.Equal(2UL, bench.Kernel.SharedMemory.NextShareId);
    }

    [Fact]
    public void A_service_answers_share_in_with_its_own_store()
    {
        var bench = new IpcBench(1);
        var lender = new LendingService();
        var service = bench.Kernel.AddService(lender);
        var phone = bench.Ipc.ConnectPhone(bench.Task(1), service.Ipc.Answerbox);
        bench.Ipc.CallAsync(bench.Task(1), phone.Id, IpcBench.Message(IpcMethods.ShareIn, AddressSpaceLayout.PageSize, 1));
        bench.Kernel.PumpNativeTasks();

        var @base = bench.Fetch(1).Event.Message.ReturnValue;
        Assert.Equal(@base, lender.Mapped);
        Assert.Equal("service page", Text(bench.Task(1), @base, 12));
        lender.Store!.Write(0, "SERVICE"u8);
        Assert.Equal("SERVICE page", Text(bench.Task(1), @base, 12));
        Assert.Equal(9UL, lender.Store.OwnerServiceId);
    }

    private static string Text(KernelTask task, ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(task.AddressSpace.TryRead(address, bytes));
        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Owns one page ("service page") and lends it read-only to every share-in.</summary>
    private sealed class LendingService : INativeTask
    {
        public ulong ServiceId => 9;

        public string Name => "lender";

        public SharedPageStore? Store { get; private set; }

        public ulong Mapped { get; private set; }

        public void Pump(NativeIpc ipc)
        {
            if (Store is null)
            {
                Store = ipc.Kernel.SharedMemory.CreateForService(ServiceId, AddressSpaceLayout.PageSize, AreaFlags.Read);
                Store.Write(0, "service page"u8);
            }

            while (ipc.Fetch() is { } call)
            {
                Mapped = ipc.ShareToClient(call, Store, AreaFlags.Read);
            }
        }
    }
}
