using KernelSim.Ipc;
using KernelSim.Machine;

namespace KernelSim.Tests.Ipc;

public sealed class IpcCallTests
{
    private const ulong Echo = IpcMethods.FirstUser;

    [Fact]
    public void An_async_call_is_queued_dispatched_answered_and_fetched_with_ids_from_counters()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        Assert.Equal(1UL, phone);

        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 7, 8)));
        Assert.Equal(2, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo + 1, 9)));
        var first = bench.Task(2).Ipc.FindOutgoing(1)!;
        Assert.Equal(CallState.Queued, first.State);
        Assert.Equal(0UL, first.ReceiverCallId);
        Assert.Equal(2, bench.Task(1).Ipc.Answerbox.Queued.Count);

        var (kind, call) = bench.Fetch(1);
        Assert.Equal((long)IpcEventKind.Call, kind);
        Assert.Equal(new IpcEvent(1, IpcBench.Message(Echo, 7, 8), Origin: 2), call);
        Assert.Equal(CallState.Dispatched, first.State);
        Assert.Equal(1UL, first.ReceiverCallId);

        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), 1, new IpcMessage(5, 70, 80, 0, 0, 1)));
        Assert.Equal(CallState.Answered, first.State);
        var (answerKind, answer) = bench.Fetch(2);
        Assert.Equal((long)IpcEventKind.Answer, answerKind);
        Assert.Equal(new IpcEvent(1, new IpcMessage(5, 70, 80, 0, 0, 1), Origin: phone), answer);
        Assert.Null(bench.Task(2).Ipc.FindOutgoing(1));
        Assert.NotNull(bench.Task(2).Ipc.FindOutgoing(2));
    }

    [Fact]
    public void Receiver_side_ids_count_per_answerbox_and_sender_side_ids_per_task()
    {
        var bench = new IpcBench(4);
        bench.Register(1, "srv");
        var phone2 = bench.Connect(2, "srv");
        var phone3 = bench.Connect(3, "srv");
        Assert.Equal((1UL, 1UL), (phone2, phone3)); // phone ids are task-local

        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(2), phone2, IpcBench.Message(Echo, 20)));
        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(3), phone3, IpcBench.Message(Echo, 30)));
        Assert.Equal(2, bench.Ipc.CallAsync(bench.Task(2), phone2, IpcBench.Message(Echo, 21)));

        var fetched = Enumerable.Range(0, 3).Select(_ => bench.Fetch(1).Event).ToArray();
        Assert.Equal([1UL, 2UL, 3UL], fetched.Select(e => e.Id));
        Assert.Equal([20UL, 30UL, 21UL], fetched.Select(e => e.Message.Arg1));
        Assert.Equal([2UL, 3UL, 2UL], fetched.Select(e => e.Origin));
        Assert.Equal(4UL, bench.Task(1).Ipc.Answerbox.NextReceiverCallId);
    }

    [Fact]
    public void Answers_are_fetched_before_calls_and_each_queue_in_arrival_order()
    {
        var bench = new IpcBench();
        bench.Register(1, "a");
        bench.Register(2, "b");
        var toB = bench.Connect(1, "b");
        var toA = bench.Connect(2, "a");
        bench.Ipc.CallAsync(bench.Task(1), toB, IpcBench.Message(Echo, 1));
        bench.Ipc.CallAsync(bench.Task(1), toB, IpcBench.Message(Echo, 2));
        bench.Ipc.CallAsync(bench.Task(2), toA, IpcBench.Message(Echo, 3));
        bench.Fetch(2);
        bench.Fetch(2);
        bench.Ipc.Answer(bench.Task(2), 2, IpcBench.Message(0, 22));
        bench.Ipc.Answer(bench.Task(2), 1, IpcBench.Message(0, 11));

        Assert.Equal([(IpcEventKind.Answer, 2UL), (IpcEventKind.Answer, 1UL), (IpcEventKind.Call, 1UL)],
            Enumerable.Range(0, 3).Select(_ => bench.Fetch(1)).Select(f => ((IpcEventKind)f.Result, f.Event.Id)));
        Assert.Equal((long)SyscallError.Again, bench.Fetch(1).Result);
    }

    [Fact]
    public void A_forwarded_call_is_answered_straight_back_to_the_original_sender()
    {
        var bench = new IpcBench();
        bench.Register(2, "front");
        bench.Register(3, "back");
        var toFront = bench.Connect(1, "front");
        var toBack = bench.Connect(2, "back");
        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(1), toFront, IpcBench.Message(Echo, 5, 6)));
        var atFront = bench.Fetch(2).Event;

        Assert.Equal(0, bench.Ipc.Forward(bench.Task(2), atFront.Id, toBack, Echo + 7, 50));
        var call = bench.Task(1).Ipc.FindOutgoing(1)!;
        Assert.Equal(1, call.ForwardCount);
        Assert.Empty(bench.Task(2).Ipc.Answerbox.Dispatched);
        var (kind, atBack) = bench.Fetch(3);
        Assert.Equal((long)IpcEventKind.Call, kind);
        Assert.Equal(new IpcEvent(1, IpcBench.Message(Echo + 7, 50, 6), Origin: 1), atBack);

        Assert.Equal(0, bench.Ipc.Answer(bench.Task(3), atBack.Id, IpcBench.Message(0, 99)));
        Assert.Equal((long)SyscallError.Again, bench.Fetch(2).Result); // nothing comes back through the forwarder
        var (answerKind, answer) = bench.Fetch(1);
        Assert.Equal((long)IpcEventKind.Answer, answerKind);
        Assert.Equal(new IpcEvent(1, IpcBench.Message(0, 99), Origin: toFront), answer);
        Assert.Equal(0, bench.Task(1).Ipc.OutgoingCount);
    }

    [Fact]
    public void A_forward_that_fails_answers_the_call_with_the_error()
    {
        var bench = new IpcBench();
        bench.Register(2, "front");
        bench.Register(3, "back");
        var toFront = bench.Connect(1, "front");
        var toBack = bench.Connect(2, "back");
        bench.Ipc.CallAsync(bench.Task(1), toFront, IpcBench.Message(Echo));
        bench.Ipc.CallAsync(bench.Task(1), toFront, IpcBench.Message(Echo));
        bench.Fetch(2);
        bench.Fetch(2);

        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.Forward(bench.Task(2), 1, phoneId: 9, Echo, 0));
        Assert.Equal(0, bench.Ipc.HangUp(bench.Task(2), toBack));
        Assert.Equal((long)SyscallError.HangUp, bench.Ipc.Forward(bench.Task(2), 2, toBack, Echo, 0));

        var answers = Enumerable.Range(0, 2).Select(_ => bench.Fetch(1).Event).ToArray();
        Assert.Equal([(1UL, unchecked((ulong)(long)SyscallError.NoEntry)), (2UL, unchecked((ulong)(long)SyscallError.HangUp))],
            answers.Select(a => (a.Id, a.Message.ReturnValue)));
    }

    [Fact]
    public void A_task_may_call_itself_through_its_own_port()
    {
        var bench = new IpcBench(1);
        bench.Register(1, "self");
        var phone = bench.Connect(1, "self");
        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(1), phone, IpcBench.Message(Echo, 3)));
        var call = bench.Fetch(1);
        Assert.Equal(((long)IpcEventKind.Call, 3UL, 1UL), (call.Result, call.Event.Message.Arg1, call.Event.Origin));
        bench.Ipc.Answer(bench.Task(1), call.Event.Id, IpcBench.Message(0, 4));
        var answer = bench.Fetch(1);
        Assert.Equal(((long)IpcEventKind.Answer, 4UL), (answer.Result, answer.Event.Message.Arg1));
    }
}
