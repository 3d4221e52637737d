using KernelSim.Ipc;
using KernelSim.Machine;

namespace KernelSim.Tests.Ipc;

public sealed class IpcErrorTests
{
    private const ulong Echo = IpcMethods.FirstUser;

    [Fact]
    public void Unknown_phone_and_call_ids_are_ENOENT()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        var task = bench.Task(2);
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.CallAsync(task, phone + 1, IpcBench.Message(Echo)));
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.HangUp(task, phone + 1));
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.Answer(bench.Task(1), 1, IpcBench.Message(0)));
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.Forward(bench.Task(1), 1, phone, Echo, 0));

        bench.Ipc.CallAsync(task, phone, IpcBench.Message(Echo));
        var call = bench.Fetch(1).Event;
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.Answer(bench.Task(3), call.Id, IpcBench.Message(0))); // another task's box
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(0)));
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(0))); // answered already
    }

    [Fact]
    public void System_methods_cannot_be_sent_or_forwarded_by_user_tasks()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.PhoneHungUp)));
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.FirstUser - 1)));
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(0)));
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.DataRead + 1)));
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo));
        var call = bench.Fetch(1).Event;
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.Forward(bench.Task(1), call.Id, phone, 0, 0));
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(0))); // still dispatched after the refused forward
    }

    [Fact]
    public void A_task_has_at_most_16_async_calls_outstanding_and_64_phones()
    {
        var bench = new IpcBench(2);
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        for (var i = 1; i <= IpcSystem.MaxAsyncCallsPerTask; i++)
        {
            Assert.Equal(i, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo)));
        }

        Assert.Equal((long)SyscallError.Again, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo)));
        var call = bench.Fetch(1).Event;
        bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(0));
        Assert.Equal((long)SyscallError.Again, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo))); // until the answer is fetched
        bench.Fetch(2);
        Assert.Equal(IpcSystem.MaxAsyncCallsPerTask + 1, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo)));

        for (var i = 2; i < IpcSystem.MaxPhonesPerTask; i++) // phone 0 (the naming service's) is one of the 64
        {
            bench.Connect(2, "srv");
        }

        Assert.Equal((long)SyscallError.Again, bench.TryConnect(2, "srv"));
    }

    [Fact]
    public void Ipc_wait_refuses_unknown_flags_and_a_fault_consumes_nothing()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.Wait(bench.Main(1), IpcBench.Buffer, 2));
        Assert.Equal((long)SyscallError.Again, bench.Ipc.Wait(bench.Main(1), IpcBench.Buffer, IpcSystem.WaitNonBlocking));

        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 4));
        Assert.Equal((long)SyscallError.Fault, bench.Ipc.Wait(bench.Main(1), 0, IpcSystem.WaitNonBlocking));
        Assert.Equal((long)SyscallError.Fault, bench.Ipc.Wait(bench.Main(1), IpcBench.Buffer + 4096 - 8, IpcSystem.WaitNonBlocking));
        var call = bench.Fetch(1);
        Assert.Equal(((long)IpcEventKind.Call, 1UL, 4UL), (call.Result, call.Event.Id, call.Event.Message.Arg1));
    }
}
