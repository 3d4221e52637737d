using KernelSim.Assembler;
using KernelSim.Services;
using KernelSim.Services.Shm;
using Snapshot.Format;

namespace KernelSim.Tests.Services;

/// <summary>The shm service: channels mapped with share-in, the shmpipe sample, export of a connection.</summary>
public sealed class ShmServiceTests
{
    [Fact]
    public void The_shmpipe_sample_moves_every_value_through_the_channel()
    {
        var kernel = new ServiceKernel();
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("shmpipe"), 40);
        kernel.RunToEnd(5_000_000);
        ulong checksum = 0;
        for (ulong i = 0; i < 40; i++)
        {
            checksum = unchecked(checksum * 31 + i * i + 7);
        }

        Assert.Equal(0, task.ExitCode);
        Assert.Equal($"""
            shmpipe: channel 1 attached, 40 values
            shmpipe: consumer took 40 values, checksum {checksum}
            shmpipe: producer made 40 values, checksum {checksum}

            """.ReplaceLineEndings("\n"), kernel.Output);
        var shm = StandardServices.Find<ShmService>(kernel.Kernel, ServiceIds.Shm)!;
        var channel = Assert.Single(shm.Channels);
        Assert.Equal(ShmService.ChannelSize, channel.Store.Size);
        Assert.Empty(channel.Attached); // the task ended; the service keeps the content
        Assert.Equal(1, channel.Store.MaterialisedPageCount);
    }

    [Fact]
    public void A_connection_exports_its_channels_and_whether_the_content_belongs_to_the_checkpointed_clients()
    {
        var kernel = new ServiceKernel();
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("shmpipe"), 1000);
        kernel.Kernel.Run(3000);
        var shm = StandardServices.Find<ShmService>(kernel.Kernel, ServiceIds.Shm)!;
        var connection = Assert.Single(Assert.Single(shm.Channels).Attached);
        Assert.Equal(task.Id, connection.TaskId);
        var before = shm.ExportConnection(connection.TaskId, connection.PhoneId);
        Assert.Contains(new ConnectionEntry("overwrite", "false"), before.State);
        Assert.True(shm.RequestCheckpoint(connection.TaskId, connection.PhoneId));
        var exported = shm.ExportConnection(connection.TaskId, connection.PhoneId);
        var shareId = Assert.Single(shm.Channels).Store.ShareId;
        Assert.Equal([new ConnectionEntry("channels", $"1:{shareId}"), new ConnectionEntry("overwrite", "true")], exported.State);
        shm.EndCheckpoint(connection.TaskId, connection.PhoneId);

        var restored = new ServiceKernel();
        var target = StandardServices.Find<ShmService>(restored.Kernel, ServiceIds.Shm)!;
        Assert.Null(target.ImportConnection(7, 2, exported));
        var (store, overwrite) = target.StoreForRestore(7, shareId)!.Value;
        Assert.True(overwrite);
        Assert.Same(target.FindChannel(1)!.Store, store);
        Assert.Null(target.StoreForRestore(7, shareId + 1));
        Assert.Contains("channel:share pairs", target.ImportConnection(7, 2, exported with { State = [new ConnectionEntry("channels", "300:1")] }));
    }
}
