using KernelSim.Scenarios;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Upgrade;

namespace KernelSim.Tests.Upgrade;

/// <summary>
/// A checkpoint set with IPC state (the echo server and client, connected through the naming service, with calls
/// in flight) converted between the builds that can hold it: restored on the other build, it runs to exactly the
/// output of the uninterrupted run. To spartan-0.4, which cannot hold IPC state, it is refused with every blocker.
/// </summary>
public sealed class CheckpointSetUpgradeTests
{
    [Theory]
    [InlineData("spartan-0.5", "spartan-0.6", 1200)]
    [InlineData("spartan-0.6", "spartan-0.5", 2500)]
    public void An_IPC_set_checkpointed_on_one_build_and_upgraded_runs_on_the_other_like_the_uninterrupted_run(string from, string to, int tick)
    {
        using var temp = new TempDirectory();
        foreach (var program in new[] { "echo-server.s", "echo-client.s" })
        {
            File.Copy(Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios", program), temp.File(program));
        }

        var reference = Run(temp, "reference.scn", $"boot {from} seed 1\nspawn echo-server.s as server\nspawn echo-client.s as client\nrun until-exit\nprint console\n");
        var before = Run(temp, "before.scn", $"boot {from} seed 1\nspawn echo-server.s as server\nspawn echo-client.s as client\nrun {tick}\n" +
                                             "checkpoint client,server to set.snap kill-all\nprint console\n");
        var plan = ImageUpgrader.Upgrade(temp.File("set.snap"), temp.File("converted.snap"), new UpgradeOptions { Target = KernelBuildCatalog.Find(to)! }).Plan;
        Assert.True(plan.Calls > 0 || HasPhones(temp.File("set.snap")), "the set holds no IPC state to convert");
        var after = Run(temp, "after.scn", $"boot {to} seed 1\nrestore converted.snap\nrun until-exit\nprint console\n");

        Assert.Equal(reference, before + after);
    }

    [Fact]
    public void The_build_without_IPC_cannot_take_the_set_and_every_blocker_is_named()
    {
        using var temp = new TempDirectory();
        foreach (var program in new[] { "echo-server.s", "echo-client.s" })
        {
            File.Copy(Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios", program), temp.File(program));
        }

        Run(temp, "before.scn", "boot spartan-0.5 seed 1\nspawn echo-server.s as server\nspawn echo-client.s as client\nrun 2500\n" +
                                "checkpoint client,server to set.snap kill-all\n");
        var plan = ImageUpgrader.Plan(temp.File("set.snap"), new UpgradeOptions { Target = KernelBuildCatalog.Find("spartan-0.4")! });

        Assert.False(plan.CanConvert);
        Assert.All(plan.Blockers, blocker => Assert.Equal(UpgradeFeatures.Ipc, blocker.Feature));
        Assert.Contains(plan.Blockers, blocker => blocker.Reason.Contains("phone(s)", StringComparison.Ordinal));
        Assert.Throws<UpgradeRefusedException>(() => ImageUpgrader.Upgrade(temp.File("set.snap"), temp.File("old.snap"), new UpgradeOptions { Target = KernelBuildCatalog.Find("spartan-0.4")! }));
        Assert.False(File.Exists(temp.File("old.snap")));
    }

    private static bool HasPhones(string path)
    {
        using var reader = ImageReader.Open(path);
        return reader.ReadMetadata().External?.TaskIpc.Any(ipc => ipc.Phones.Count > 1) == true;
    }

    private static string Run(TempDirectory temp, string name, string text)
    {
        var path = temp.File(name);
        File.WriteAllText(path, text);
        var output = new StringWriter();
        ScenarioRunner.Run(Scenario.Parse(path, temp.Path, text), output, TextWriter.Null);
        return output.ToString().ReplaceLineEndings("\n");
    }
}
