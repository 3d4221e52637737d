using KernelSim.Assembler;
using KernelSim.Kernel;
using KernelSim.Scenarios;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.Ipc;

/// <summary>The echo client/server pair (kernel-sim/scenarios/ipc-echo.scn): two user tasks that talk only through IPC.</summary>
public sealed class IpcSampleTests
{
    private const string Expected = """
        echo-server: registered 'echo'
        echo-server: connection request 1 from task 2
        echo-client: connected, phone 1
        echo-server: connection request 2 from task 1
        echo-server: connected to itself, phone 1
        echo-server: call 3 from task 2: echo 10
        echo-client: sync 1: retval 0, echo 10, sum 11, served 1
        echo-server: call 4 from task 2: echo 20
        echo-client: sync 2: retval 0, echo 20, sum 22, served 2
        echo-server: call 5 from task 2: echo 30
        echo-client: sync 3: retval 0, echo 30, sum 33, served 3
        echo-server: call 6 from task 2: double 21
        echo-server: call 7 from task 2: echo 42
        echo-client: double 21 -> 42: retval 0, echo 42, sum 42, served 4
        echo-client: async calls 6 and 7 sent
        echo-server: call 8 from task 2: echo 100
        echo-server: call 9 from task 2: echo 200
        echo-client: answer to call 6: retval 0, echo 100, sum 101, served 5
        echo-client: answer to call 7: retval 0, echo 200, sum 202, served 6
        echo-server: client hung up after 6 calls
        echo-client: hung up; a further call fails with EHANGUP

        """;

    public static string SampleFile(string name) => Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios", name);

    [Fact]
    public void The_pair_prints_exactly_the_expected_conversation_and_both_exit_0()
    {
        var (kernel, server, client) = RunPair(seed: 1);
        Assert.Equal(Expected.Replace("\r\n", "\n", StringComparison.Ordinal), kernel.Console.Text);
        Assert.Equal(File.ReadAllText(SampleFile("ipc-echo.expected.txt")), kernel.Console.Text);
        Assert.Equal((0L, 0L), (server.ExitCode, client.ExitCode));
    }

    [Fact]
    public void The_pair_is_deterministic_and_independent_of_the_seed()
    {
        var first = RunPair(seed: 1).Kernel;
        var second = RunPair(seed: 1).Kernel;
        var otherSeed = RunPair(seed: 99).Kernel;
        Assert.Equal(first.Console.ToArray(), second.Console.ToArray());
        Assert.Equal(first.Now, second.Now);
        Assert.Equal(first.Console.ToArray(), otherSeed.Console.ToArray());
    }

    [Fact]
    public void The_client_may_start_first_and_waits_in_the_naming_service_without_polling()
    {
        var kernel = Boot(seed: 1);
        var client = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-client.s")));
        kernel.Run(500);
        Assert.Equal((TaskState.Active, 1), (client.State, client.Ipc.PhoneCount)); // only phone 0
        Assert.Equal(WaitReason.IpcSyncCall, client.FindThread(1)!.Wait!.Reason); // ns_connect waits, it does not spin
        Assert.Equal(2UL, client.Ipc.NextCallId); // one connection request, sent once
        var server = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-server.s")));
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(1_000_000).Stop);
        Assert.Equal((0L, 0L), (server.ExitCode, client.ExitCode));
        Assert.Contains("echo-client: hung up; a further call fails with EHANGUP\n", kernel.Console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_scenario_passes_its_own_expectations()
    {
        var output = new StringWriter();
        ScenarioRunner.Run(Scenario.Load(SampleFile("ipc-echo.scn")), output, TextWriter.Null);
    }

    /// <summary>A kernel with the naming service double (the scenario boots the real one).</summary>
    private static Microkernel Boot(ulong seed)
    {
        var kernel = Microkernel.Boot(seed: seed);
        kernel.AddService(new TestNamingService());
        return kernel;
    }

    private static (Microkernel Kernel, KernelTask Server, KernelTask Client) RunPair(ulong seed)
    {
        var kernel = Boot(seed);
        var server = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-server.s")));
        var client = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-client.s")));
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(1_000_000).Stop);
        return (kernel, server, client);
    }
}
