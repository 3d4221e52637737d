using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Scenarios;
using KernelSim.Services;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Fixtures;

/// <summary>The golden images of format 1.0 (tests/fixtures/): restorable forever, and still written byte for byte.</summary>
public sealed class GoldenFixtureTests
{
    private static readonly string[] s_expected = ["ckpt.snap", "prodcons.snap", "sieve.snap", "sleeper.snap"];

    public static TheoryData<string> FixtureNames() => new(s_expected);

    /// <summary>
    /// Format 1.0 holds single tasks without external state, so every single-task sample has a 1.0 fixture. The
    /// samples that use services or IPC are covered by their scenario expected outputs (kernel-sim/scenarios) and
    /// their sample tests instead; none of them may have a 1.0 fixture.
    /// </summary>
    [Fact]
    public void There_is_one_fixture_per_single_task_sample_program()
    {
        Assert.Equal(s_expected, Snapshot.Testing.Locations.Fixtures.Names().Where(name => s_expected.Contains(name)));
        Assert.Equal(Programs.ProgramLibraryTests.SingleTaskSamples.Select(name => name + ".snap"), s_expected);
        var fixtures = Snapshot.Testing.Locations.Fixtures.Names().ToHashSet(StringComparer.Ordinal);
        Assert.All(Programs.ProgramLibraryTests.ServiceSamples, name => Assert.DoesNotContain(name + ".snap", fixtures));
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Restoring_a_fixture_and_running_to_the_end_prints_the_expected_output(string name)
    {
        var kernel = KernelBoot.Boot(); // the kernel users restore into, services and all
        var restored = new Restorer(kernel).Restore(Snapshot.Testing.Locations.Fixtures.Path(name)).Tasks.Single();
        Assert.True(restored.KeptTaskId);
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(5_000_000).Stop);
        Assert.Equal(0L, restored.Task.ExitCode);
        var expected = File.ReadAllText(Snapshot.Testing.Locations.Fixtures.Path(Path.ChangeExtension(name, ".expected.txt"))).ReplaceLineEndings("\n");
        Assert.Equal(expected, kernel.Console.Text);
    }

    [Fact]
    public void The_fixtures_hold_the_moments_their_readme_promises()
    {
        Assert.Equal(["preempt"], StopSites("ckpt.snap").Select(thread => thread.StopSite).Distinct());
        Assert.Equal(3, StopSites("prodcons.snap").Count(thread => thread.Syscall is { Name: "futex_wait", Restart: true }));
        var sleeper = StopSites("sleeper.snap");
        Assert.Contains(sleeper, thread => thread.Syscall is { Name: "sleep", Restart: true });
        Assert.Contains(sleeper, thread => thread.Syscall is { Name: "futex_wait", Restart: true });
        using var reader = ImageReader.Open(Snapshot.Testing.Locations.Fixtures.Path("sieve.snap"));
        Assert.Contains(reader.ReadMetadata().Tasks.Single().Areas, area => area.Kind == AreaKind.Heap);
    }

    [Fact]
    public void The_current_writer_still_produces_every_fixture_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var source = Snapshot.Testing.Locations.Fixtures.Path("make-fixtures.scn");
        var scenario = Scenario.Parse(source, temp.Path, File.ReadAllText(source));
        // Released at format 1.0; the compatibility switch writes those bytes still.
        ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null, FormatVersion.V1_0);
        foreach (var name in s_expected)
        {
            Assert.True(
                File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path(name)).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File(name))),
                $"{name}: the writer no longer produces the released fixture byte for byte");
        }
    }

    private static IReadOnlyList<CanonicalThread> StopSites(string name)
    {
        using var reader = ImageReader.Open(Snapshot.Testing.Locations.Fixtures.Path(name));
        var profile = KernelBuildCatalog.Find(reader.Header.Build.BuildId)!;
        return reader.ReadMetadata().Tasks.Single().Threads.Select(thread => CanonicalCodec.DecodeThread(thread, profile)).ToArray();
    }
}
