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
        echo-client: connected, phone 1
        echo-server: call 1 from task 2: echo 10
        echo-client: sync 1: retval 0, echo 10, sum 11, served 1
        echo-server: call 2 from task 2: echo 20
        echo-client: sync 2: retval 0, echo 20, sum 22, served 2
        echo-server: call 3 from task 2: echo 30
        echo-client: sync 3: retval 0, echo 30, sum 33, served 3
        echo-server: call 4 from task 2: double 21
        echo-server: call 5 from task 2: echo 42
        echo-client: double 21 -> 42: retval 0, echo 42, sum 42, served 4
        echo-client: async calls 5 and 6 sent
        echo-server: call 6 from task 2: echo 100
        echo-server: call 7 from task 2: echo 200
        echo-client: answer to call 5: retval 0, echo 100, sum 101, served 5
        echo-client: answer to call 6: retval 0, echo 200, sum 202, served 6
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
        Assert.Empty(kernel.Ports.Ports);
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
    public void The_client_may_start_first_and_waits_for_the_port()
    {
        var kernel = Microkernel.Boot(seed: 1);
        var client = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-client.s")));
        kernel.Run(500);
        Assert.Equal((TaskState.Active, 0), (client.State, client.Ipc.PhoneCount)); // ipc_connect_wait keeps trying
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

    private static (Microkernel Kernel, KernelTask Server, KernelTask Client) RunPair(ulong seed)
    {
        var kernel = Microkernel.Boot(seed: seed);
        var server = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-server.s")));
        var client = kernel.Spawn(ProgramLibrary.Load(SampleFile("echo-client.s")));
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(1_000_000).Stop);
        return (kernel, server, client);
    }
}
