using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;

namespace KernelSim.Tests.Ipc;

/// <summary>The kernel's side of naming: connect-to-me gives the answerer a callback phone, an accepted connect-me-to gives the original sender a phone.</summary>
public sealed class NamingProtocolTests
{
    private static readonly ulong s_name = TestNamingService.Pack("srv");

    [Fact]
    public void Connect_to_me_over_phone_0_registers_and_gives_the_naming_service_a_callback_phone()
    {
        var bench = new IpcBench(1);
        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(1), 0, IpcBench.Message(IpcMethods.ConnectToMe, s_name)));
        bench.Kernel.PumpNativeTasks();

        var (kind, answer) = bench.Fetch(1);
        Assert.Equal((long)IpcEventKind.Answer, kind);
        Assert.Equal((0UL, 0UL), (answer.Message.ReturnValue, answer.Origin)); // answered 0, over phone 0
        var ns = bench.Kernel.FindService(NativeTaskIds.NamingServiceId)!;
        var callback = ns.Ipc.FindPhone(1)!;
        Assert.Same(bench.Task(1).Ipc.Answerbox, callback.Callee);
        Assert.Contains(callback, bench.Task(1).Ipc.Answerbox.ConnectedPhones);
    }

    [Fact]
    public void An_accepted_connect_me_to_gives_the_original_sender_a_phone_whose_id_is_the_return_value()
    {
        var bench = new IpcBench(2);
        var (server, client) = (bench.Task(1), bench.Task(2));
        bench.Ipc.CallAsync(client, 0, IpcBench.Message(IpcMethods.ConnectMeTo, s_name)); // before the server registered
        bench.Kernel.PumpNativeTasks();
        Assert.Single(bench.Naming.Waiting); // a connection attempt in flight: dispatched at ns, unanswered

        bench.Ipc.CallAsync(server, 0, IpcBench.Message(IpcMethods.ConnectToMe, s_name));
        bench.Kernel.PumpNativeTasks();
        bench.Fetch(1); // the registration's answer
        var (kind, request) = bench.Fetch(1);
        Assert.Equal((long)IpcEventKind.Call, kind);
        Assert.Equal((IpcMethods.ConnectMeTo, s_name, client.Id), (request.Message.Method, request.Message.Arg1, request.Origin));
        Assert.Null(client.Ipc.FindPhone(1));

        Assert.Equal(0, bench.Ipc.Answer(server, request.Id, IpcBench.Message(0)));
        var phone = client.Ipc.FindPhone(1)!;
        Assert.Same(server.Ipc.Answerbox, phone.Callee);
        Assert.Equal(2UL, client.Ipc.NextPhoneId);
        var (answerKind, answer) = bench.Fetch(2);
        Assert.Equal((long)IpcEventKind.Answer, answerKind);
        Assert.Equal((1UL, 1UL), (answer.Id, answer.Message.ReturnValue)); // call 1 answered with phone 1
    }

    [Fact]
    public void A_refused_connect_me_to_gives_no_phone_and_the_refusal_is_the_answer()
    {
        var bench = new IpcBench(2);
        var (server, client) = (bench.Task(1), bench.Task(2));
        bench.Ipc.CallAsync(server, 0, IpcBench.Message(IpcMethods.ConnectToMe, s_name));
        bench.Ipc.CallAsync(client, 0, IpcBench.Message(IpcMethods.ConnectMeTo, s_name));
        bench.Kernel.PumpNativeTasks();
        bench.Fetch(1);
        var request = bench.Fetch(1).Event;
        bench.Ipc.Answer(server, request.Id, IpcMessage.Error((long)SyscallError.Invalid));
        Assert.Null(client.Ipc.FindPhone(1));
        Assert.Equal(1UL, client.Ipc.NextPhoneId);
        Assert.Equal(unchecked((ulong)(long)SyscallError.Invalid), bench.Fetch(2).Event.Message.ReturnValue);
    }

    [Fact]
    public void A_second_registration_of_a_name_is_EEXIST()
    {
        var bench = new IpcBench(2);
        bench.Ipc.CallAsync(bench.Task(1), 0, IpcBench.Message(IpcMethods.ConnectToMe, s_name));
        bench.Ipc.CallAsync(bench.Task(2), 0, IpcBench.Message(IpcMethods.ConnectToMe, s_name));
        bench.Kernel.PumpNativeTasks();
        Assert.Equal(0UL, bench.Fetch(1).Event.Message.ReturnValue);
        Assert.Equal(unchecked((ulong)(long)SyscallError.Exists), bench.Fetch(2).Event.Message.ReturnValue);
    }

    [Fact]
    public void A_user_task_accepting_connect_to_me_gets_the_callback_phone_id_from_ipc_answer()
    {
        var bench = new IpcBench(2);
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.ConnectToMe, 7));
        var request = bench.Fetch(1).Event;
        Assert.Equal(1, bench.Ipc.Answer(bench.Task(1), request.Id, IpcBench.Message(0)));
        Assert.Same(bench.Task(2).Ipc.Answerbox, bench.Task(1).Ipc.FindPhone(1)!.Callee);
    }

    [Fact]
    public void Connection_requests_of_exited_tasks_create_no_phone()
    {
        var bench = new IpcBench(2);
        var (server, client) = (bench.Task(1), bench.Task(2));
        bench.Ipc.CallAsync(server, 0, IpcBench.Message(IpcMethods.ConnectToMe, s_name));
        bench.Ipc.CallAsync(client, 0, IpcBench.Message(IpcMethods.ConnectMeTo, s_name));
        bench.Kernel.PumpNativeTasks();
        bench.Fetch(1);
        var request = bench.Fetch(1).Event;
        bench.Kernel.Kill(client.Id);
        Assert.Equal(0, bench.Ipc.Answer(server, request.Id, IpcBench.Message(0)));
        Assert.DoesNotContain(server.Ipc.Answerbox.ConnectedPhones, p => ReferenceEquals(p.Owner, client));
    }
}
