using KernelSim.Scenarios;
using KernelSim.Scenarios.Steps;
using KernelSim.Services;
using KernelSim.Services.Vfs;

namespace KernelSim.Tests.Upgrade;

/// <summary>
/// A sample that talks to services, run to its real end on one build: a scenario gives it what it needs (console
/// input, files, its partner task) and checks the end it must reach (exit codes, expected console), so a run that
/// stops early fails instead of passing trivially.
/// </summary>
internal sealed record ServiceSampleRun(ulong Ticks, string Console)
{
    // The seed of the sample scenarios (the pieces of tetris.expected.txt come from it).
    public const ulong Seed = 1;

    public static readonly string[] Names = ["filecopy", "pingpong-client", "pingpong-server", "shmpipe", "synccalls", "tetris"];

    private static readonly byte[] s_copied = FileStep.Generate(1000, 42);

    /// <summary>Runs sample <paramref name="name"/> (with its partner, for the pingpong pair) on <paramref name="build"/>.</summary>
    public static ServiceSampleRun On(string build, string name, TempDirectory temp)
    {
        var scenarios = Path.Combine(RepositoryRoot.Find(), "kernel-sim", "scenarios");
        var text = $"boot {build} seed {Seed}\n" + Script(name) + "\n";
        var context = ScenarioRunner.Run(Scenario.Parse(temp.File($"{name}-{build}.scn"), scenarios, text), TextWriter.Null, TextWriter.Null);
        Assert.False(context.Kernel.HasActiveTasks, $"{name} on {build}: tasks still running");
        if (name == "filecopy")
        {
            var vfs = StandardServices.Find<VfsService>(context.Kernel, ServiceIds.Vfs)!;
            Assert.Null(vfs.FileSystem.Lookup(VfsPath.Parse("/data/out.txt")!, vfs.FileSystem.Root, out var copy));
            Assert.Equal(s_copied, copy.Content.ToArray());
        }

        return new ServiceSampleRun(context.Kernel.Now, context.Kernel.Console.Text);
    }

    private static string Script(string name) => name switch
    {
        // The input of scenarios/tetris.scn; the game's end is the expected console of that scenario.
        "tetris" => """
            input "aaaxdddxwxaxddddxsss"
            input "wdxaaaxdxxq"
            spawn tetris as game
            run until-exit max 2000000
            expect exited game code 0
            expect console-equals tetris.expected.txt
            """,
        "filecopy" => """
            file /data/in.txt size 1000 seed 42
            spawn filecopy arg 100 as copy
            run until-exit max 2000000
            expect exited copy code 0
            expect console-contains "filecopy: done, 1000 bytes"
            """,
        "shmpipe" => """
            spawn shmpipe arg 40 as pipe
            run until-exit max 5000000
            expect exited pipe code 0
            expect console-contains "shmpipe: producer made 40 values"
            expect console-contains "shmpipe: consumer took 40 values"
            """,
        "synccalls" => """
            spawn synccalls as calls
            run until-exit max 2000000
            expect exited calls code 0
            expect console-contains "synccalls: served 60 calls, total 12630"
            """,
        "pingpong-server" or "pingpong-client" => """
            spawn pingpong-server as server
            spawn pingpong-client as client
            run until-exit max 2000000
            expect exited server code 0
            expect exited client code 0
            expect console-contains "ping-client: wrote 40960 bytes, checksum 44726172160"
            expect console-contains "pong-server: client hung up"
            """,
        _ => throw new ArgumentException($"'{name}' is not a service sample", nameof(name)),
    };
}
