using KernelSim.Checkpoint;
using KernelSim.Ipc;
using KernelSim.Scenarios;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Ipc;

/// <summary>Images of format 1.x have no place for IPC state, so a task holding any is refused, never written without it.</summary>
public sealed class IpcCheckpointRefusalTests
{
    private const ulong Echo = IpcMethods.FirstUser;

    [Fact]
    public void A_task_with_phones_and_a_pending_call_is_refused_with_one_clear_message_and_no_file()
    {
        using var temp = new TempDirectory();
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Connect(2, "srv");
        bench.Ipc.CallAsync(bench.Task(2), phone, IpcBench.Message(Echo));

        var path = temp.File("client.snap");
        var error = Assert.Throws<CheckpointRefusedException>(() => new Checkpointer(bench.Kernel).Checkpoint(2, path, kill: true));
        Assert.Equal("task 2 holds IPC state (2 phones, 1 pending call); images of format 1.x cannot carry it yet", error.Message);
        Assert.Equal(2UL, error.TaskId);
        Assert.False(File.Exists(path));
        Assert.Equal(KernelSim.Kernel.TaskState.Active, bench.Task(2).State); // "kill" does not happen either

        var server = Assert.Throws<CheckpointRefusedException>(() => new Checkpointer(bench.Kernel).Write(1, new MemoryStream(), killAfter: false));
        Assert.Equal("task 1 holds IPC state (0 phones, 1 pending call); images of format 1.x cannot carry it yet", server.Message);
    }

    [Fact]
    public void Hung_up_phones_and_used_id_counters_are_still_IPC_state()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        var phone = bench.Connect(2, "srv");
        bench.Ipc.HangUp(bench.Task(2), phone);
        var error = Assert.Throws<CheckpointRefusedException>(() => new Checkpointer(bench.Kernel).Write(2, new MemoryStream(), killAfter: false));
        Assert.Equal("task 2 holds IPC state (1 phone, 0 pending calls); images of format 1.x cannot carry it yet", error.Message);

        // A task whose counters moved but holds nothing else would still restore with different ids.
        Assert.True(new IpcHoldings(0, 0, 0, CountersUsed: true).Any);
        Assert.Equal("0 phones, 0 pending calls, IPC ids already handed out", new IpcHoldings(0, 0, 0, CountersUsed: true).ToString());
        Assert.Equal("1 phone, 2 pending calls, 1 thread in ipc_wait", new IpcHoldings(1, 2, 1, CountersUsed: true).ToString());
    }

    [Fact]
    public void A_task_that_never_used_IPC_still_checkpoints()
    {
        var bench = new IpcBench();
        bench.Register(1, "srv");
        bench.Connect(2, "srv");
        Assert.False(IpcHoldings.Of(bench.Task(3)).Any);
        using var image = new MemoryStream();
        new Checkpointer(bench.Kernel).Write(3, image, killAfter: false);
        Assert.True(image.Length > 0);
    }

    [Fact]
    public void A_scenario_checkpoint_of_an_ipc_task_fails_at_its_line_with_the_refusal()
    {
        using var temp = new TempDirectory();
        File.Copy(IpcSampleTests.SampleFile("echo-server.s"), temp.File("echo-server.s"));
        File.Copy(IpcSampleTests.SampleFile("echo-client.s"), temp.File("echo-client.s"));
        var scenario = Scenario.Parse("x.scn", temp.Path,
            "boot spartan-0.4 seed 1\nspawn echo-server.s as s\nspawn echo-client.s as c\nrun 3000\ncheckpoint c to c.snap\n");
        var error = Assert.Throws<ScenarioException>(() => ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null));
        Assert.Contains("x.scn:5: cannot checkpoint c: task 2 holds IPC state (1 phone, ", error.Message, StringComparison.Ordinal);
        Assert.Contains("images of format 1.x cannot carry it yet", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("c.snap")));
    }
}
