using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Scenarios;
using KernelSim.Services;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Upgrade;

namespace KernelSim.Tests.Upgrade;

/// <summary>
/// The acceptance property across builds: every sample program behaves identically on every build, and for
/// sampled checkpoint moments and every ordered pair of builds, "checkpoint on A, snapupgrade to B, restore on
/// B, run to the end" prints and ends exactly like the uninterrupted run on A.
/// </summary>
public sealed class CrossBuildUpgradeTests
{
    private const ulong Seed = 7;
    private const ulong MaxTicks = 5_000_000;

    private static readonly string[] s_builds = [.. KernelBuildCatalog.BuiltIn.Select(p => p.Build)];

    // The programs of the golden fixtures (tests/fixtures/README.md), one fixture per program and build.
    private static readonly string[] s_fixturePrograms = ["ckpt", "prodcons", "sieve", "sleeper"];

    // The single-task samples (format 1.0): checkpointed alone on every build. The service samples hold IPC
    // state, which spartan-0.4 cannot checkpoint; their checkpoint sets across builds are CheckpointSetUpgradeTests'.
    public static TheoryData<string> Programs() =>
        new(KernelSim.Tests.Programs.ProgramLibraryTests.SingleTaskSamples.Concat(KernelSim.Tests.Programs.ProgramLibraryTests.ScaleSamples));

    public static TheoryData<string> ServicePrograms() => new(ServiceSampleRun.Names);

    private static IEnumerable<(string From, string To)> OrderedPairs() =>
        s_builds.SelectMany(a => s_builds.Where(b => b != a).Select(b => (a, b)));

    [Fact]
    public void Three_builds_boot()
    {
        Assert.Equal(["spartan-0.4", "spartan-0.5", "spartan-0.6"], s_builds);
        Assert.All(s_builds, build => Assert.Equal(build, Microkernel.Boot(build, Seed).Profile.Build));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Every_sample_program_prints_the_same_and_reaches_the_same_canonical_state_on_every_build(string name)
    {
        using var temp = new TempDirectory();
        var runs = s_builds.Select(build => Reference.On(build, name, temp)).ToArray();
        Assert.All(runs, run =>
        {
            Assert.Equal(runs[0].Ticks, run.Ticks);
            Assert.Equal(runs[0].Console, run.Console);
            Assert.Equal(runs[0].StateAtN, run.StateAtN);
        });
    }

    [Fact]
    public void The_single_task_the_scale_and_the_service_samples_are_every_sample()
    {
        Assert.Equal(ProgramLibrary.Names, KernelSim.Tests.Programs.ProgramLibraryTests.SingleTaskSamples
            .Concat(KernelSim.Tests.Programs.ProgramLibraryTests.ScaleSamples).Concat(ServiceSampleRun.Names).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ServicePrograms))]
    public void Every_service_sample_reaches_its_real_end_alike_on_every_build(string name)
    {
        using var temp = new TempDirectory();
        var runs = s_builds.Select(build => ServiceSampleRun.On(build, name, temp)).ToArray();
        Assert.All(runs, run => Assert.Equal(runs[0], run));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Checkpoint_on_one_build_upgrade_restore_on_another_runs_exactly_like_the_uninterrupted_run(string name)
    {
        using var temp = new TempDirectory();
        var program = ProgramLibrary.Load(name);
        var argument = TestPrograms.PropertyArgument(name);
        var references = s_builds.ToDictionary(build => build, build => Reference.On(build, name, temp));
        var n = references[s_builds[0]].N;
        var moments = CheckpointMoments.Pick(program, argument, Seed, n, spread: 4);
        var pairs = OrderedPairs().ToArray();

        // Each moment is tried on one pair, in turn, so every pair sees several moments and kinds of moment.
        for (var i = 0; i < moments.Count; i++)
        {
            var (k, kind) = moments[i];
            var (from, to) = pairs[i % pairs.Length];
            var reference = references[from];
            var what = $"{name}: tick {k} ({kind}) {from} -> {to}";

            var before = KernelBoot.Boot(from, Seed);
            var task = before.Spawn(program, argument);
            before.Run(k);
            var image = temp.File($"{k}-{from}.snap");
            new Checkpointer(before).Checkpoint(task.Id, image, kill: true);
            var upgraded = temp.File($"{k}-{from}-to-{to}.snap");
            Assert.True(ImageUpgrader.Upgrade(image, upgraded, new UpgradeOptions { Target = KernelBuildCatalog.Find(to)! }).Plan.CanConvert, what);

            var after = KernelBoot.Boot(to, Seed);
            var restored = new Restorer(after).Restore(upgraded).Tasks.Single();
            after.Run(n - k);
            Assert.True(before.Console.ToArray().Concat(after.Console.ToArray()).SequenceEqual(reference.ConsoleAtN), $"{what}: console at tick {n} differs");
            var atN = temp.File($"{k}-{from}-to-{to}-at-n.snap");
            new Checkpointer(after).Checkpoint(restored.Task.Id, atN, kill: false);
            Assert.Equal(reference.StateAtN, CanonicalState.Of(atN));

            var rest = after.RunUntilExit(MaxTicks);
            Assert.Equal(TestPrograms.EndOf(name), rest.Stop);
            Assert.Equal(reference.Ticks, n + rest.Ticks);
            Assert.True(before.Console.ToArray().Concat(after.Console.ToArray()).SequenceEqual(reference.Console), $"{what}: final console differs");
        }
    }

    [Fact]
    public void Restore_on_another_build_is_refused_before_anything_is_created_and_names_the_conversion()
    {
        using var temp = new TempDirectory();
        var image = temp.File("prodcons.snap");
        var before = Microkernel.Boot("spartan-0.4", Seed);
        var task = before.Spawn(ProgramLibrary.Load("prodcons"), 6);
        before.Run(900);
        new Checkpointer(before).Checkpoint(task.Id, image, kill: true);

        var kernel = Microkernel.Boot("spartan-0.6", Seed);
        var tasksBefore = kernel.Tasks.Count();
        var e = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(image));
        Assert.Contains("spartan 0.4.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("spartan 0.6.0", e.Message, StringComparison.Ordinal);
        Assert.Contains($"snapupgrade {image} -o ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(" --to spartan-0.6", e.Message, StringComparison.Ordinal);
        Assert.Equal(tasksBefore, kernel.Tasks.Count());
        Assert.Equal(0UL, kernel.Now);
    }

    [Fact]
    public void A_chain_of_conversions_is_byte_identical_to_the_direct_conversion()
    {
        using var temp = new TempDirectory();
        foreach (var first in s_builds)
        {
            var image = temp.File($"sleeper-{first}.snap");
            var kernel = Microkernel.Boot(first, Seed);
            var task = kernel.Spawn(ProgramLibrary.Load("sleeper"), 0);
            kernel.Run(2813);
            new Checkpointer(kernel).Checkpoint(task.Id, image, kill: true);
            foreach (var (middle, last) in OrderedPairs().Where(p => p.From != first && p.To != first))
            {
                var step = temp.File($"{first}-{middle}.snap");
                var chain = temp.File($"{first}-{middle}-{last}.snap");
                var direct = temp.File($"{first}-{last}.snap");
                ImageUpgrader.Upgrade(image, step, To(middle));
                ImageUpgrader.Upgrade(step, chain, To(last));
                ImageUpgrader.Upgrade(image, direct, To(last));
                Assert.True(File.ReadAllBytes(direct).AsSpan().SequenceEqual(File.ReadAllBytes(chain)), $"{first} -> {middle} -> {last} differs from {first} -> {last}");
            }
        }
    }

    public static TheoryData<string> BuildFixtures() =>
        new(s_fixturePrograms.SelectMany(program => s_builds.Select(build => FixtureName(program, build))));

    public static TheoryData<string> FixturePrograms() => new(s_fixturePrograms);

    [Theory]
    [MemberData(nameof(BuildFixtures))]
    public void Golden_fixtures_of_every_build_upgrade_to_every_build_and_restore_to_their_expected_output(string fixture)
    {
        using var temp = new TempDirectory();
        var program = Path.GetFileName(fixture).Split('-', '.')[0];
        var expected = File.ReadAllText(Snapshot.Testing.Locations.Fixtures.Path(program + ".expected.txt")).ReplaceLineEndings("\n");
        foreach (var build in s_builds)
        {
            var upgraded = temp.File($"{build}.snap");
            var plan = ImageUpgrader.Upgrade(Snapshot.Testing.Locations.Fixtures.Path(fixture), upgraded, To(build)).Plan;
            Assert.Equal(fixture.Contains(build, StringComparison.Ordinal) || (build == "spartan-0.4" && !fixture.Contains('/')), plan.IsNoOp);

            var kernel = KernelBoot.Boot(build);
            var restored = new Restorer(kernel).Restore(upgraded).Tasks.Single();
            Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(MaxTicks).Stop);
            Assert.Equal(0L, restored.Task.ExitCode);
            Assert.Equal(expected, kernel.Console.Text);
        }
    }

    [Theory]
    [MemberData(nameof(FixturePrograms))]
    public void Each_build_s_fixture_holds_the_spartan_0_4_state_and_is_what_snapupgrade_writes(string program)
    {
        using var temp = new TempDirectory();
        var original = Snapshot.Testing.Locations.Fixtures.Path(FixtureName(program, "spartan-0.4"));
        foreach (var build in s_builds.Skip(1))
        {
            var fixture = Snapshot.Testing.Locations.Fixtures.Path(FixtureName(program, build));
            Assert.Equal(CanonicalState.Of(original), CanonicalState.Of(fixture));
            var upgraded = temp.File($"{build}.snap");
            ImageUpgrader.Upgrade(original, upgraded, To(build));
            Assert.True(File.ReadAllBytes(fixture).AsSpan().SequenceEqual(File.ReadAllBytes(upgraded)), $"{program}: snapupgrade --to {build} differs from the {build} checkpoint");
        }
    }

    [Fact]
    public void The_current_kernel_still_writes_every_build_fixture_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var source = Snapshot.Testing.Locations.Fixtures.Path("builds/make-build-fixtures.scn");
        // Released at format 1.0; the compatibility switch writes those bytes still.
        ScenarioRunner.Run(Scenario.Parse(source, temp.Path, File.ReadAllText(source)), TextWriter.Null, TextWriter.Null, FormatVersion.V1_0);
        foreach (var fixture in Directory.GetFiles(Path.GetDirectoryName(source)!, "*.snap").Order(StringComparer.Ordinal))
        {
            Assert.True(File.ReadAllBytes(fixture).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File(Path.GetFileName(fixture)))),
                $"{Path.GetFileName(fixture)}: the kernel no longer writes the released fixture byte for byte");
        }
    }

    private static string FixtureName(string program, string build) =>
        build == "spartan-0.4" ? $"{program}.snap" : $"builds/{program}-{build}.snap";

    private static UpgradeOptions To(string build) => new() { Target = KernelBuildCatalog.Find(build)! };

    /// <summary>One uninterrupted run of a program on a build: its length, its console, and its state at N = 90% of it.</summary>
    private sealed record Reference(ulong Ticks, ulong N, byte[] Console, byte[] ConsoleAtN, string StateAtN)
    {
        public static Reference On(string build, string name, TempDirectory temp)
        {
            var program = ProgramLibrary.Load(name);
            var argument = TestPrograms.PropertyArgument(name);
            var probe = KernelBoot.Boot(build, Seed);
            probe.Spawn(program, argument);
            var total = probe.RunUntilExit(MaxTicks);
            Assert.Equal(TestPrograms.EndOf(name), total.Stop);
            var n = total.Ticks - total.Ticks / 10;

            var kernel = KernelBoot.Boot(build, Seed);
            var task = kernel.Spawn(program, argument);
            kernel.Run(n);
            var image = temp.File($"reference-{build}-{name}.snap");
            new Checkpointer(kernel).Checkpoint(task.Id, image, kill: false);
            return new Reference(total.Ticks, n, probe.Console.ToArray(), kernel.Console.ToArray(), CanonicalState.Of(image));
        }
    }
}
