using KernelSim.Assembler;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Syscalls;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Ipc;

/// <summary>Data transfers: the receiver finalizes, the kernel copies 256 bytes per tick, progress lives in the call and the restart frame.</summary>
public sealed class IpcTransferTests
{
    private const int Size = 700; // three steps: 256, 256, 188

    /// <summary>Waits for one call and finalizes it as a data transfer into (or out of) its buffer; result in r10, then r11 = 1.</summary>
    private static readonly AssembledProgram s_finalizer = TestPrograms.Assemble("""
        _start:
            la r1, event
            li r2, 0
            call ipc_wait
            la r9, event
            ldq r1, [r9+IPC_EV_ID]
            la r2, buffer
            ldq r3, [r9+IPC_EV_ARG2]
            call ipc_data_finalize
            mov r10, r0
            li r11, 1
        done:
            jmp done
        .data
        .align 8
        event:  .zero 64
        buffer: .zero 1024
        .include "lib/ipc.s"
        """, "finalizer");

    private static readonly ulong s_serverBuffer = AssembledProgram.DataBase + 64;

    [Fact]
    public void A_data_write_is_copied_a_step_per_tick_and_answered_with_the_byte_count()
    {
        var (bench, server, call) = StartTransfer(IpcMethods.DataWrite);
        var thread = server.FindThread(1)!;
        var done = new List<ulong>();
        while (thread.Registers.R[11] != 1)
        {
            if (thread.Wait is { Reason: WaitReason.IpcTransfer })
            {
                done.Add(call.Transfer!.Done);
                Assert.Equal([call.ReceiverCallId, s_serverBuffer + call.Transfer.Done, Size - call.Transfer.Done, 0UL, 0UL],
                    IpcSystem.RestartArguments(thread)); // Fluke: the frame's arguments advance with the copy
            }

            bench.Kernel.Tick();
        }

        Assert.Equal([256UL, 512UL], done.Distinct());
        Assert.Equal((ulong)Size, thread.Registers.R[10]);
        Assert.Equal(Pattern(Size), Read(server, s_serverBuffer, Size));
        var answer = bench.Fetch(1).Event;
        Assert.Equal((ulong)Size, answer.Message.ReturnValue);
        Assert.Empty(server.Ipc.Answerbox.Dispatched);
    }

    [Fact]
    public void A_data_read_copies_from_the_receiver_into_the_client()
    {
        var (bench, server, call) = StartTransfer(IpcMethods.DataRead, serverPreparesPattern: true);
        RunUntil(bench.Kernel, () => server.FindThread(1)!.Registers.R[11] == 1);
        Assert.Equal(Pattern(Size), Read(bench.Task(1), IpcBench.Buffer, Size));
        Assert.Equal(CallState.Answered, call.State);
    }

    [Fact]
    public void An_undone_transfer_keeps_its_progress_and_the_restart_continues_it_exactly_once()
    {
        var (bench, server, call) = StartTransfer(IpcMethods.DataWrite);
        var thread = server.FindThread(1)!;
        RunUntil(bench.Kernel, () => call.Transfer!.Done == 256);
        var frame = IpcSystem.RestartArguments(thread);
        bench.Kernel.UndoBlockedSyscall(thread);
        bench.Kernel.Run(20);
        Assert.Equal(256UL, call.Transfer!.Done); // nothing copies while undone
        Assert.Equal(SyscallError.Busy, (SyscallError)bench.Ipc.Answer(server, call.ReceiverCallId, IpcBench.Message(0)));

        bench.Kernel.Syscalls.Restart(thread, SyscallNames.IpcDataFinalize, frame);
        RunUntil(bench.Kernel, () => thread.Registers.R[11] == 1);
        Assert.Equal((ulong)Size, thread.Registers.R[10]);
        Assert.Equal(Pattern(Size), Read(server, s_serverBuffer, Size));
    }

    [Fact]
    public void A_restart_frame_that_disagrees_with_the_calls_progress_is_refused()
    {
        var (bench, server, call) = StartTransfer(IpcMethods.DataWrite);
        var thread = server.FindThread(1)!;
        RunUntil(bench.Kernel, () => call.Transfer!.Done == 256);
        var frame = IpcSystem.RestartArguments(thread);
        bench.Kernel.UndoBlockedSyscall(thread);
        frame[1] -= 256; // as if the copy started over
        Assert.Throws<InvalidOperationException>(() => bench.Kernel.Syscalls.Restart(thread, SyscallNames.IpcDataFinalize, frame));
    }

    [Fact]
    public void Finalize_refuses_other_calls_larger_sizes_and_unknown_ids()
    {
        var bench = new IpcBench(2);
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.FirstUser));
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(IpcMethods.DataWrite, IpcBench.Buffer, 16));
        var plain = bench.Fetch(1).Event;
        var data = bench.Fetch(1).Event;
        var main = bench.Main(1);
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.DataFinalize(main, plain.Id, IpcBench.Buffer, 8));
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.DataFinalize(main, data.Id, IpcBench.Buffer, 17));
        Assert.Equal((long)SyscallError.NoEntry, bench.Ipc.DataFinalize(main, 99, IpcBench.Buffer, 8));
        Assert.Equal((long)SyscallError.Invalid, bench.Ipc.ShareFinalize(main, data.Id, 0, 1));
        Assert.Equal(0L, bench.Ipc.DataFinalize(main, data.Id, IpcBench.Buffer, 0)); // an empty transfer completes at once
        Assert.Equal(0UL, bench.Fetch(2).Event.Message.ReturnValue);
    }

    [Fact]
    public void A_transfer_whose_client_dies_ends_with_EHANGUP_for_the_finalizer()
    {
        var (bench, server, call) = StartTransfer(IpcMethods.DataWrite);
        var thread = server.FindThread(1)!;
        RunUntil(bench.Kernel, () => call.Transfer!.Done == 256);
        bench.Kernel.Kill(1);
        RunUntil(bench.Kernel, () => thread.Registers.R[11] == 1);
        Assert.Equal(unchecked((ulong)(long)SyscallError.HangUp), thread.Registers.R[10]);
    }

    /// <summary>
    /// Bench task 1 (the client) sends a data call of <see cref="Size"/> bytes from its buffer to a finalizer task,
    /// which fetches and finalizes it; returns once the finalizer is blocked copying.
    /// </summary>
    private static (IpcBench Bench, KernelTask Server, IpcCall Call) StartTransfer(ulong method, bool serverPreparesPattern = false)
    {
        var bench = new IpcBench(1);
        var server = bench.Kernel.Spawn(s_finalizer);
        bench.Register(server.Id, "srv");
        var phone = bench.Connect(1, "srv");
        var (from, address) = serverPreparesPattern ? (server, s_serverBuffer) : (bench.Task(1), IpcBench.Buffer);
        Assert.True(from.AddressSpace.TryWrite(address, Pattern(Size)));
        var id = bench.Ipc.CallAsync(bench.Task(1), phone, IpcBench.Message(method, IpcBench.Buffer, Size));
        var call = bench.Task(1).Ipc.FindOutgoing((ulong)id)!;
        RunUntil(bench.Kernel, () => server.FindThread(1)!.Wait is { Reason: WaitReason.IpcTransfer });
        return (bench, server, call);
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 1)).ToArray();

    private static byte[] Read(KernelTask task, ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(task.AddressSpace.TryRead(address, bytes));
        return bytes;
    }

    private static void RunUntil(Microkernel kernel, Func<bool> done)
    {
        for (var i = 0; i < 10_000 && !done(); i++)
        {
            kernel.Tick();
        }

        Assert.True(done(), "the condition never held");
    }
}
