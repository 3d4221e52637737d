using KernelSim.Assembler;
using KernelSim.Kernel;
using KernelSim.Services;

namespace KernelSim.Tests.Ipc;

/// <summary>The IPC sample programs (kernel-sim/Programs): pingpong-server + pingpong-client, and synccalls.</summary>
public sealed class IpcSampleProgramTests
{
    private const string PingPong = """
        pong-server: registered 'pong'
        pong-server: connection from task 2
        ping-client: connected, phone 1
        pong-server: connection from task 1
        pong-server: connected to itself, phone 1
        pong-server: ping 1
        ping-client: ping 1 -> 2
        pong-server: ping 2
        ping-client: ping 2 -> 3
        pong-server: ping 3
        ping-client: ping 3 -> 4
        pong-server: relay 4
        pong-server: ping 40
        ping-client: relay 4 -> 41
        pong-server: ping 100
        ping-client: async pings sent as calls 6 and 7
        pong-server: ping 200
        ping-client: answer to call 6: 101
        ping-client: answer to call 7: 201
        ping-client: wrote 40960 bytes, checksum 44726172160
        ping-client: done
        pong-server: received 40960 bytes, checksum 44726172160
        pong-server: client hung up
        """;

    private const string SyncCalls = """
        synccalls: 3 worker threads x 20 synchronous calls to the main thread
        synccalls worker 1: 20 calls, sum of answers 4420
        synccalls worker 2: 20 calls, sum of answers 8420
        synccalls worker 3: 20 calls, sum of answers 12420
        synccalls: served 60 calls, total 12630
        """;

    [Fact]
    public void Pingpong_client_and_server_talk_by_name_forward_and_move_40_KiB_in_steps()
    {
        var kernel = Boot();
        var server = kernel.Spawn(ProgramLibrary.Load("pingpong-server"));
        var client = kernel.Spawn(ProgramLibrary.Load("pingpong-client"));
        var copyingTicks = 0;
        while (kernel.HasActiveTasks && kernel.Now < 2_000_000)
        {
            kernel.Tick();
            copyingTicks += server.Threads.Count(thread => thread.Wait is { Reason: WaitReason.IpcTransfer });
        }

        Assert.Equal(40960 / KernelLimits.TransferStep - 1, copyingTicks); // blocked between the 160 steps
        Assert.Equal((0L, 0L), (server.ExitCode, client.ExitCode));
        Assert.Equal(PingPong.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", kernel.Console.Text);
    }

    [Fact]
    public void Synccalls_workers_make_sixty_synchronous_calls_to_their_own_main_thread()
    {
        var kernel = Boot();
        var task = kernel.Spawn(ProgramLibrary.Load("synccalls"));
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(2_000_000).Stop);
        Assert.Equal(0L, task.ExitCode);
        Assert.Equal(SyncCalls.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", kernel.Console.Text);
    }

    /// <summary>The kernel users get: the standard services, the real naming service among them.</summary>
    private static Microkernel Boot() => KernelBoot.Boot(seed: 1);
}
