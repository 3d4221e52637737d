using KernelSim.Assembler;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Syscalls;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Ipc;

/// <summary>
/// Synchronous calls and blocking ipc_wait from real user threads, including the restart path: a
/// thread stopped in ipc_call_sync is undone and re-entered, and the call is still sent once only.
/// </summary>
public sealed class IpcSyncCallTests
{
    private const ulong Echo = IpcMethods.FirstUser;

    /// <summary>Makes one synchronous call (ECHO, 41) over phone 1 (the test connects it), keeps the result in r9 and sets r11.</summary>
    private static readonly AssembledProgram s_syncClient = TestPrograms.Assemble("""
        _start:
            li r8, 1
            la r10, msg
            li r1, IPC_FIRST_USER_METHOD
            stq r1, [r10+IPC_MSG_METHOD]
            li r1, 41
            stq r1, [r10+IPC_MSG_ARG1]
            mov r1, r8
            mov r2, r10
            call ipc_call_sync
            mov r9, r0
            li r11, 1
        done:
            jmp done
        .data
        msg:  .zero 48
        .include "lib/ipc.s"
        """, "sync-client");

    /// <summary>Waits for one event; its kind in r9, then sets r11.</summary>
    private static readonly AssembledProgram s_waitingServer = TestPrograms.Assemble("""
        _start:
            la r1, event
            li r2, 0
            call ipc_wait
            mov r9, r0
            li r11, 1
        done:
            jmp done
        .data
        event: .zero 64
        .include "lib/ipc.s"
        """, "waiting-server");

    [Fact]
    public void A_sync_call_blocks_the_thread_until_the_answer_replaces_its_message()
    {
        var (bench, client, thread) = StartBlockedSyncCall();

        Assert.Equal(WaitReason.IpcSyncCall, thread.Wait!.Reason);
        Assert.Equal(SchedulingState.Blocked, thread.State);
        Assert.Equal(1UL, thread.SyncCall!.SenderCallId);
        bench.Kernel.Run(50);
        Assert.Equal(SchedulingState.Blocked, thread.State);

        var call = bench.Fetch(1).Event;
        Assert.Equal(IpcBench.Message(Echo, 41), call.Message);
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), call.Id, new IpcMessage(7, 42, 43, 44, 45, 46)));
        Assert.Empty(client.Ipc.Answerbox.Answers); // a sync answer never goes to the task's answerbox
        RunUntilFinished(bench.Kernel, thread);

        Assert.Equal(7UL, thread.Registers.R[9]);
        Assert.Equal(new IpcMessage(7, 42, 43, 44, 45, 46), ReadMessage(client));
        Assert.Null(thread.SyncCall);
        Assert.Equal(0, client.Ipc.OutgoingCount);
    }

    [Fact]
    public void A_restarted_sync_call_waits_for_the_call_already_sent_and_never_sends_it_again()
    {
        var (bench, client, thread) = StartBlockedSyncCall();

        var frame = UndoBlockedSyscall(bench.Kernel, thread);
        Assert.Equal([1UL, AssembledProgram.DataBase, 1UL, 0UL, 0UL], frame);
        bench.Kernel.Syscalls.Restart(thread, SyscallNames.IpcCallSync, frame);

        Assert.Equal(WaitReason.IpcSyncCall, thread.Wait!.Reason);
        Assert.Single(bench.Task(1).Ipc.Answerbox.Queued);
        Assert.Equal(2UL, client.Ipc.NextCallId);
        var call = bench.Fetch(1).Event;
        bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(3, 30));
        RunUntilFinished(bench.Kernel, thread);
        Assert.Equal(3UL, thread.Registers.R[9]);
        Assert.Equal((long)SyscallError.Again, bench.Fetch(1).Result);
    }

    [Fact]
    public void An_answer_that_arrives_while_the_sync_call_is_undone_waits_in_the_private_answerbox()
    {
        var (bench, client, thread) = StartBlockedSyncCall();
        var frame = UndoBlockedSyscall(bench.Kernel, thread);

        var call = bench.Fetch(1).Event;
        bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(5, 50));
        Assert.Single(thread.PrivateAnswerbox.Answers);
        Assert.Null(thread.Wait);

        bench.Kernel.Syscalls.Restart(thread, SyscallNames.IpcCallSync, frame);
        Assert.Null(thread.Wait);
        Assert.Equal(SchedulingState.Ready, thread.State);
        RunUntilFinished(bench.Kernel, thread);
        Assert.Equal(5UL, thread.Registers.R[9]);
        Assert.Equal(IpcBench.Message(5, 50), ReadMessage(client));
        Assert.Empty(thread.PrivateAnswerbox.Answers);
    }

    [Fact]
    public void A_restart_frame_naming_another_call_is_refused()
    {
        var (bench, _, thread) = StartBlockedSyncCall();
        var frame = UndoBlockedSyscall(bench.Kernel, thread);

        var error = Assert.Throws<InvalidOperationException>(() =>
            bench.Kernel.Syscalls.Restart(thread, SyscallNames.IpcCallSync, [frame[0], frame[1], frame[2] + 1, 0, 0]));
        Assert.Contains("never sends a call again", error.Message, StringComparison.Ordinal);
        Assert.Single(bench.Task(1).Ipc.Answerbox.Queued);
    }

    [Fact]
    public void A_restarted_ipc_wait_consumed_nothing_and_takes_what_arrived_meanwhile()
    {
        var bench = new IpcBench(1);
        var server = bench.Kernel.Spawn(s_waitingServer);
        bench.Register(server.Id, "srv");
        var thread = server.FindThread(1)!;
        RunUntil(bench.Kernel, () => thread.Wait is not null);
        Assert.Equal(WaitReason.IpcWait, thread.Wait!.Reason);

        var frame = UndoBlockedSyscall(bench.Kernel, thread);
        var phone = bench.Connect(1, "srv");
        Assert.Equal(1, bench.Ipc.CallAsync(bench.Task(1), phone, IpcBench.Message(Echo, 8)));
        Assert.Single(server.Ipc.Answerbox.Queued); // nobody waits: the call stays queued

        bench.Kernel.Syscalls.Restart(thread, SyscallNames.IpcWait, frame);
        RunUntilFinished(bench.Kernel, thread);
        Assert.Equal((ulong)IpcEventKind.Call, thread.Registers.R[9]);
        var fetched = IpcBench.ReadEvent(server, AssembledProgram.DataBase);
        Assert.Equal(new IpcEvent(1, IpcBench.Message(Echo, 8), Origin: 1), fetched);
        Assert.Single(server.Ipc.Answerbox.Dispatched);
    }

    [Fact]
    public void A_thread_blocked_in_ipc_wait_is_woken_with_the_call_that_arrives()
    {
        var bench = new IpcBench(1);
        var first = bench.Kernel.Spawn(s_waitingServer).FindThread(1)!;
        bench.Register(first.Task.Id, "srv");
        RunUntil(bench.Kernel, () => first.Wait is not null);
        var phone = bench.Connect(1, "srv");
        bench.Ipc.CallAsync(bench.Task(1), phone, IpcBench.Message(Echo, 1));
        Assert.Null(first.Wait);
        RunUntilFinished(bench.Kernel, first);
        Assert.Equal((ulong)IpcEventKind.Call, first.Registers.R[9]);
    }

    /// <summary>Main and a second thread each wait for one event and keep its arg1 in r9, then set r11.</summary>
    private static readonly AssembledProgram s_twoWaiters = TestPrograms.Assemble("""
        _start:
            la r1, second
            li r2, 0
            li r0, SYS_THREAD_CREATE
            syscall
            la r8, event1
        wait:
            mov r1, r8
            li r2, 0
            call ipc_wait
            ldq r9, [r8+IPC_EV_ARG1]
            li r11, 1
        done:
            jmp done
        second:
            la r8, event2
            jmp wait
        .data
        event1: .zero 64
        event2: .zero 64
        .include "lib/ipc.s"
        """, "two-waiters");

    [Fact]
    public void Threads_blocked_in_ipc_wait_get_the_calls_in_the_order_they_blocked()
    {
        var bench = new IpcBench(1);
        var server = bench.Kernel.Spawn(s_twoWaiters);
        bench.Register(server.Id, "srv");
        RunUntil(bench.Kernel, () => server.Threads.All(thread => thread.Wait is not null));
        var (main, second) = (server.FindThread(1)!, server.FindThread(2)!);
        Assert.True(main.Wait!.Sequence < second.Wait!.Sequence);

        var phone = bench.Connect(1, "srv");
        bench.Ipc.CallAsync(bench.Task(1), phone, IpcBench.Message(Echo, 100));
        Assert.Null(main.Wait);
        Assert.NotNull(second.Wait);
        bench.Ipc.CallAsync(bench.Task(1), phone, IpcBench.Message(Echo, 200));
        RunUntil(bench.Kernel, () => main.Registers.R[11] == 1 && second.Registers.R[11] == 1);
        Assert.Equal((100UL, 200UL), (main.Registers.R[9], second.Registers.R[9]));
        Assert.Equal([1UL, 2UL], server.Ipc.Answerbox.Dispatched.Select(call => call.ReceiverCallId));
    }

    [Fact]
    public void A_sync_call_whose_server_ends_is_answered_with_EHANGUP()
    {
        var (bench, client, thread) = StartBlockedSyncCall();
        bench.Fetch(1); // dispatched: the server holds it when it dies

        bench.Kernel.Kill(1);
        RunUntilFinished(bench.Kernel, thread);
        Assert.Equal(unchecked((ulong)(long)SyscallError.HangUp), thread.Registers.R[9]);
        Assert.Equal(IpcMessage.Error((long)SyscallError.HangUp), ReadMessage(client));
        Assert.Equal(PhoneState.HungUp, client.Ipc.FindPhone(1)!.State);
        Assert.Equal(0, client.Ipc.OutgoingCount);
    }

    [Fact]
    public void The_answer_to_a_killed_callers_sync_call_is_dropped()
    {
        var (bench, client, thread) = StartBlockedSyncCall();
        var call = bench.Fetch(1).Event;

        bench.Kernel.Kill(client.Id);
        Assert.Equal(0, bench.Ipc.Answer(bench.Task(1), call.Id, IpcBench.Message(0)));
        Assert.Empty(thread.PrivateAnswerbox.Answers);
        Assert.Equal(0, client.Ipc.OutgoingCount);
        Assert.Equal(IpcMethods.PhoneHungUp, bench.Fetch(1).Event.Message.Method);
    }

    /// <summary>Starts <see cref="s_syncClient"/> against a server task 1 that registered "srv" and runs it until its
    /// thread is blocked in the synchronous call (the call is queued, not yet fetched).</summary>
    private static (IpcBench Bench, KernelTask Client, KernelThread Thread) StartBlockedSyncCall()
    {
        var bench = new IpcBench(1);
        bench.Register(1, "srv");
        var client = bench.Kernel.Spawn(s_syncClient);
        Assert.Equal(1UL, bench.Connect(client.Id, "srv"));
        var thread = client.FindThread(1)!;
        RunUntil(bench.Kernel, () => thread.Wait is not null);
        return (bench, client, thread);
    }

    /// <summary>Undoes the syscall <paramref name="thread"/> is blocked in, as a checkpoint does, and returns the
    /// frame that restarts it.</summary>
    private static ulong[] UndoBlockedSyscall(Microkernel kernel, KernelThread thread)
    {
        var frame = IpcSystem.RestartArguments(thread);
        kernel.UndoBlockedSyscall(thread);
        return frame;
    }

    /// <summary>Runs until the test program's thread has set r11, its "finished" mark.</summary>
    private static void RunUntilFinished(Microkernel kernel, KernelThread thread) =>
        RunUntil(kernel, () => thread.Registers.R[11] == 1);

    private static IpcMessage ReadMessage(KernelTask task)
    {
        Assert.True(IpcMessage.TryRead(task.AddressSpace, AssembledProgram.DataBase, out var message));
        return message;
    }

    private static void RunUntil(Microkernel kernel, Func<bool> condition)
    {
        for (var tick = 0; tick < 20_000 && !condition(); tick++)
        {
            kernel.Tick();
        }

        Assert.True(condition(), "the condition did not hold within 20000 ticks");
    }
}
