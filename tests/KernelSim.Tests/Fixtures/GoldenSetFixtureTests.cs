using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Scenarios;
using KernelSim.Services;
using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Upgrade;
using Snapshot.Format.Validation;

namespace KernelSim.Tests.Fixtures;

/// <summary>
/// The golden images of format 1.2 (tests/fixtures/sets/): checkpoint sets with external state, restorable forever
/// on their own build and, converted, on every build that can hold IPC state; still written byte for byte.
/// </summary>
public sealed class GoldenSetFixtureTests
{
    private const string Folder = "sets";

    private static readonly string[] s_expected =
        ["pingpong-spartan-0.5.snap", "pingpong-spartan-0.6.snap", "shmpipe-spartan-0.6.snap"];

    public static TheoryData<string> FixtureNames() => new(s_expected);

    /// <summary>Every ordered pair of a set fixture and a build whose profile has a call record (can hold it).</summary>
    public static TheoryData<string, string> FixturesAndTargets()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in s_expected)
        {
            foreach (var profile in KernelBuildCatalog.BuiltIn.Where(profile => profile.Call is not null))
            {
                data.Add(name, profile.Build);
            }
        }

        return data;
    }

    [Fact]
    public void The_folder_holds_exactly_the_released_set_fixtures()
    {
        var names = Directory.EnumerateFiles(FolderPath, "*.snap").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(s_expected.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void A_set_fixture_is_format_1_2_with_external_state_and_valid(string name)
    {
        using var reader = ImageReader.Open(FixturePath(name));
        Assert.Equal(new FormatVersion(1, 2), reader.Header.Version);
        var metadata = reader.ReadMetadata();
        Assert.NotNull(metadata.External);
        Assert.NotEmpty(metadata.External!.TaskIpc);
        Assert.Empty(ImageValidator.Validate(FixturePath(name)).Problems);
    }

    [Fact]
    public void The_fixtures_hold_the_moments_their_scenario_promises()
    {
        foreach (var name in s_expected.Where(name => name.StartsWith("pingpong", StringComparison.Ordinal)))
        {
            var calls = Calls(name);
            Assert.Contains(calls, call => call.Flags.Contains("sync") && call.State == CallQueueState.Dispatched);
        }

        using var reader = ImageReader.Open(FixturePath("shmpipe-spartan-0.6.snap"));
        Assert.NotEmpty(reader.ReadMetadata().External!.SharedAreas);
    }

    [Theory]
    [MemberData(nameof(FixturesAndTargets))]
    public void A_set_fixture_restores_on_every_build_that_can_hold_it_and_prints_the_expected_output(string name, string build)
    {
        using var temp = new TempDirectory();
        var image = FixturePath(name);
        if (!name.EndsWith($"-{build}.snap", StringComparison.Ordinal))
        {
            image = temp.File($"{Path.GetFileNameWithoutExtension(name)}.{build}.snap");
            ImageUpgrader.Upgrade(FixturePath(name), image, new UpgradeOptions { Target = KernelBuildCatalog.Find(build)! });
        }

        var kernel = KernelBoot.Boot(build);
        var restored = new Restorer(kernel).Restore(image);
        Assert.NotEmpty(restored.Tasks);
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(5_000_000).Stop);
        Assert.All(restored.Tasks, task => Assert.Equal(0L, task.Task.ExitCode));
        Assert.Equal(File.ReadAllText(ExpectedPath(name)).ReplaceLineEndings("\n"), kernel.Console.Text);
    }

    [Fact]
    public void The_current_checkpointer_still_produces_every_set_fixture_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var source = Path.Combine(FolderPath, "make-set-fixtures.scn");
        var scenario = Scenario.Parse(source, temp.Path, File.ReadAllText(source));
        // Released at format 1.2; the compatibility switch writes those bytes still.
        ScenarioRunner.Run(scenario, TextWriter.Null, TextWriter.Null, FormatVersion.V1_2);
        foreach (var name in s_expected)
        {
            Assert.True(
                File.ReadAllBytes(FixturePath(name)).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File(name))),
                $"{name}: the checkpointer no longer produces the released fixture byte for byte");
        }
    }

    private static string FolderPath => Path.Combine(Snapshot.Testing.Locations.Fixtures.Directory, Folder);

    private static string FixturePath(string name) => Snapshot.Testing.Locations.Fixtures.Path(Path.Combine(Folder, name));

    private static string ExpectedPath(string name) =>
        Snapshot.Testing.Locations.Fixtures.Path(Path.Combine(Folder, Path.ChangeExtension(name, ".expected.txt")));

    private static IReadOnlyList<CanonicalCall> Calls(string name)
    {
        using var reader = ImageReader.Open(FixturePath(name));
        var profile = KernelBuildCatalog.Find(reader.Header.Build.BuildId)!;
        return reader.ReadMetadata().External!.Calls.Select(call => CanonicalCodec.DecodeCall(call, profile)).ToArray();
    }
}
