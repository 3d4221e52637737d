using KernelSim.Ipc;
using KernelSim.Machine;

namespace KernelSim.Tests.Ipc;

public sealed class IpcHangupTests
{
    private const ulong Echo = IpcMethods.FirstUser;
    private static readonly ulong s_ehangup = unchecked((ulong)(long)SyscallError.HangUp);

    [Fact]
    public void Hangup_answers_queued_calls_with_EHANGUP_notifies_the_server_and_fails_further_calls()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 1));
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 2));
        var dispatched = bench.Fetch(1).Event; // call 1 is with the server; call 2 is still queued

        Assert.Equal(0, bench.Ipc.HangUp(bench.Task(2), phone));
        Assert.Equal(PhoneState.HungUp, bench.Task(2).Ipc.FindPhone(phone)!.State);
        Assert.Equal((long)SyscallError.HangUp, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo)));
        Assert.Equal((long)SyscallError.HangUp, bench.Ipc.HangUp(bench.Task(2), phone));

        var queuedAnswer = bench.Fetch(2);
        Assert.Equal(((long)IpcEventKind.Answer, 2UL, s_ehangup), (queuedAnswer.Result, queuedAnswer.Event.Id, queuedAnswer.Event.Message.ReturnValue));

        var notice = bench.Fetch(1);
        Assert.Equal(((long)IpcEventKind.Call, IpcMethods.PhoneHungUp, phone, 2UL),
            (notice.Result, notice.Event.Message.Method, notice.Event.Message.Arg1, notice.Event.Origin));
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), notice.Event.Id, IpcBench.Message(0))); // its answer goes nowhere
        Assert.Equal((long)SyscallError.Again, bench.Fetch(2).Result);

        // A call the server already holds can still be answered after the hangup.
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), dispatched.Id, IpcBench.Message(0, 10)));
        var late = bench.Fetch(2);
        Assert.Equal((1UL, 10UL), (late.Event.Id, late.Event.Message.Arg1));
        Assert.Equal(0, bench.Task(2).Ipc.OutgoingCount);
    }

    [Fact]
    public void Phone_ids_come_from_a_counter_and_are_not_reused_after_a_hangup()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        Assert.Equal(1UL, bench.Connect(2, "srv"));
        Assert.Equal(2UL, bench.Connect(2, "srv"));
        Assert.Equal(0, bench.Ipc.HangUp(bench.Task(2), 1));
        Assert.Equal(3UL, bench.Connect(2, "srv"));
        Assert.Equal([(0UL, PhoneState.Connected), (1UL, PhoneState.HungUp), (2UL, PhoneState.Connected), (3UL, PhoneState.Connected)],
            bench.Task(2).Ipc.Phones.Select(p => (p.Id, p.State)));
    }

    [Fact]
    public void When_the_server_exits_its_phones_hang_up_and_its_unanswered_calls_get_EHANGUP()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 1));
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 2));
        bench.Fetch(1);

        bench.Kernel.Kill(1);
        Assert.Equal(PhoneState.HungUp, bench.Task(2).Ipc.FindPhone(phone)!.State);
        Assert.Equal((long)SyscallError.HangUp, bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo)));
        var answers = Enumerable.Range(0, 2).Select(_ => bench.Fetch(2).Event).ToArray();
        Assert.Equal([(2UL, s_ehangup), (1UL, s_ehangup)], answers.Select(a => (a.Id, a.Message.ReturnValue))); // queued first, then dispatched
    }

    [Fact]
    public void When_a_client_exits_its_phones_hang_up_and_answers_to_its_calls_are_dropped()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo, 1));
        var call = bench.Fetch(1).Event;

        bench.Kernel.Kill(2);
        Assert.Empty(bench.Task(1).Ipc.Answerbox.ConnectedPhones);
        var notice = bench.Fetch(1);
        Assert.Equal(IpcMethods.PhoneHungUp, notice.Event.Message.Method);
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(0)));
        Assert.Equal(0, bench.Task(2).Ipc.OutgoingCount);
        Assert.Empty(bench.Task(2).Ipc.Answerbox.Answers);
    }
}
