using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Ipc;

/// <summary>Native tasks (services): their ids, phone 0, and when the kernel pumps them.</summary>
public sealed class NativeTaskTests
{
    /// <summary>A synchronous call of method 1024 over phone 0; the result goes to r7, then it spins.</summary>
    private const string CallPhoneZero = """
        _start:
            la r2, msg
            li r1, 0
            li r0, SYS_IPC_CALL_SYNC
            syscall
            mov r7, r0
        done:
            jmp done
        .data
        .align 8
        msg: .quad 1024, 5, 0, 0, 0, 0
        """;

    [Fact]
    public void A_service_is_a_threadless_task_with_an_id_in_the_native_range_and_not_a_user_task()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var ns = kernel.AddService(new TestNamingService());
        Assert.Equal(0x1_0000_0001UL, ns.Id);
        Assert.True(ns.IsNative);
        Assert.Equal(0, ns.ThreadCount);
        Assert.Same(ns, kernel.FindService(1));
        Assert.Same(ns, kernel.FindTask(ns.Id));
        Assert.Empty(kernel.Tasks);
        Assert.False(kernel.HasActiveTasks);
        var user = kernel.Spawn(TestPrograms.Assemble(TestPrograms.Spin));
        Assert.Equal(1UL, user.Id); // user ids do not depend on services
    }

    [Fact]
    public void Every_user_task_is_born_with_phone_0_to_the_naming_service_and_is_still_pristine()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var ns = kernel.AddService(new TestNamingService());
        var task = kernel.Spawn(TestPrograms.Assemble(TestPrograms.Spin));
        var phone = task.Ipc.FindPhone(0)!;
        Assert.Same(ns.Ipc.Answerbox, phone.Callee);
        Assert.Contains(phone, ns.Ipc.Answerbox.ConnectedPhones);
        Assert.Equal(1UL, task.Ipc.NextPhoneId);
        Assert.True(task.Ipc.IsPristine);
        Assert.False(IpcHoldings.Of(task).Any);
    }

    [Fact]
    public void Without_a_naming_service_a_task_has_no_phone_0()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var task = kernel.Spawn(TestPrograms.Assemble(CallPhoneZero));
        Assert.Null(task.Ipc.FindPhone(0));
        kernel.Run(10);
        Assert.Equal(unchecked((ulong)(long)SyscallError.NoEntry), task.FindThread(1)!.Registers.R[7]);
    }

    [Fact]
    public void The_naming_service_must_boot_before_the_first_user_task()
    {
        var kernel = Microkernel.Boot(seed: 1);
        kernel.Spawn(TestPrograms.Assemble(TestPrograms.Spin));
        Assert.Throws<InvalidOperationException>(() => kernel.AddService(new TestNamingService()));
    }

    [Fact]
    public void A_service_id_may_be_booted_once()
    {
        var kernel = Microkernel.Boot(seed: 1);
        kernel.AddService(new TestNamingService());
        Assert.Throws<InvalidOperationException>(() => kernel.AddService(new TestNamingService()));
    }

    [Fact]
    public void A_service_is_pumped_once_per_tick_even_when_idle()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var ns = new TestNamingService();
        kernel.AddService(ns);
        kernel.Run(7);
        Assert.Equal(7, ns.Pumps);
    }

    [Fact]
    public void A_call_to_a_service_is_answered_in_the_tick_it_was_sent_and_the_caller_runs_on_the_next()
    {
        var kernel = Microkernel.Boot(seed: 1);
        kernel.AddService(new TestNamingService());
        var task = kernel.Spawn(TestPrograms.Assemble(CallPhoneZero));
        var thread = task.FindThread(1)!;
        while (thread.Registers.R[7] == 0 && kernel.Now < 20)
        {
            kernel.Tick();
            Assert.Null(thread.Wait); // never seen blocked between ticks: the service answered within the tick
        }

        Assert.Equal(unchecked((ulong)(long)SyscallError.Invalid), thread.Registers.R[7]); // the double refuses method 1024
        Assert.Equal(2UL, task.Ipc.NextCallId);
        Assert.Equal(0, task.Ipc.OutgoingCount);
    }

    [Fact]
    public void A_task_that_exits_hangs_up_phone_0_and_the_naming_service_hears_of_it()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var ns = new TestNamingService();
        kernel.AddService(ns);
        var task = kernel.Spawn(TestPrograms.Assemble(TestPrograms.Spin));
        kernel.Kill(task.Id);
        kernel.Tick();
        Assert.Equal(1, ns.HangUpsSeen);
        Assert.Empty(kernel.FindService(1)!.Ipc.Answerbox.ConnectedPhones);
    }

    [Fact]
    public void Pumping_settles_services_that_deliver_to_each_other_within_one_tick()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var ns = new TestNamingService();
        kernel.AddService(ns);
        var relay = new RelayService();
        kernel.AddService(relay);
        kernel.Tick(); // the relay registers itself with ns in its first pump, ns answers in the same tick
        Assert.Equal(1, relay.Answers);
    }

    /// <summary>A service that, on its first pump, connects to ns over a phone it makes itself and sends one call.</summary>
    private sealed class RelayService : INativeTask
    {
        private bool _sent;

        public ulong ServiceId => 9;

        public string Name => "relay";

        public int Answers { get; private set; }

        public void Pump(NativeIpc ipc)
        {
            if (!_sent)
            {
                _sent = true;
                var phone = ipc.Kernel.Ipc.ConnectPhone(ipc.Task, ipc.Kernel.FindService(1)!.Ipc.Answerbox);
                Assert.True(ipc.Call(phone.Id, new IpcMessage(IpcMethods.FirstUser, 0, 0, 0, 0, 0)) > 0);
            }

            while (ipc.FetchAnswer() is not null)
            {
                Answers++;
            }
        }
    }
}
