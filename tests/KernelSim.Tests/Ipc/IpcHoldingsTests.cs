using KernelSim.Checkpoint;
using KernelSim.Ipc;

namespace KernelSim.Tests.Ipc;

/// <summary>
/// What counts as IPC state: phones other than the idle phone 0, pending calls, waiting threads and used counters.
/// A task without any ("pristine") checkpoints as a single task exactly as before IPC existed.
/// </summary>
public sealed class IpcHoldingsTests
{
    private const ulong Echo = IpcMethods.FirstUser;

    [Fact]
    public void Phones_and_pending_calls_are_counted_on_both_sides()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo));
        Assert.Equal(new IpcHoldings(2, 1, 0, CountersUsed: true), IpcHoldings.Of(bench.Task(2)));
        Assert.Equal(new IpcHoldings(0, 1, 0, CountersUsed: true), IpcHoldings.Of(bench.Task(1)));
    }

    [Fact]
    public void Hung_up_phones_and_used_id_counters_are_still_IPC_state()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.HangUp(bench.Task(2), phone);
        Assert.Equal("1 phone, 0 pending calls", IpcHoldings.Of(bench.Task(2)).ToString());

        // A task whose counters moved but holds nothing else would still restore with different ids.
        Assert.True(new IpcHoldings(0, 0, 0, CountersUsed: true).Any);
        Assert.Equal("0 phones, 0 pending calls, IPC ids already handed out", new IpcHoldings(0, 0, 0, CountersUsed: true).ToString());
        Assert.Equal("1 phone, 2 pending calls, 1 thread in ipc_wait", new IpcHoldings(1, 2, 1, CountersUsed: true).ToString());
    }

    [Fact]
    public void A_task_with_only_its_idle_phone_0_is_pristine_and_still_checkpoints()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        bench.Connect(2, "srv");
        Assert.NotNull(bench.Task(3).Ipc.FindPhone(0));
        Assert.False(IpcHoldings.Of(bench.Task(3)).Any);
        using var image = new MemoryStream();
        new Checkpointer(bench.Kernel).Write(3, image, killAfter: false);
        Assert.True(image.Length > 0);
    }

    [Fact]
    public void Phone_0_hung_up_is_no_longer_pristine()
    {
        var bench = new IpcBench(1);
        bench.Ipc.HangUp(bench.Task(1), 0);
        Assert.False(bench.Task(1).Ipc.IsPristine);
        Assert.Equal(1, IpcHoldings.Of(bench.Task(1)).Phones);
    }
}
