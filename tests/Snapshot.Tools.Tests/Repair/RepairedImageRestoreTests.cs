using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Repair;

/// <summary>
/// The promise behind "nothing lost": restoring the repaired image into a fresh kernel and running it gives
/// exactly the console output and the state the original gives, at a moment mid-run and at the end.
/// </summary>
public sealed class RepairedImageRestoreTests : IDisposable
{
    private const ulong TicksBeforeMidImage = 200;
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { "ckpt.snap", "prodcons.snap", "sieve.snap", "sleeper.snap" })
        {
            foreach (var damage in new[] { "lost footer", "lost index", "sections swapped", "thread repeated" })
            {
                data.Add(fixture, damage);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_repair_that_lost_nothing_restores_exactly_as_the_original(string fixture, string damage)
    {
        var original = new FixtureCopy(fixture, _scratch.File("original.snap"));
        var damaged = new FixtureCopy(fixture, _scratch.File("damaged.snap"));
        damaged.Damage(damage);
        var before = damaged.Sha256();
        var repaired = _scratch.File("repaired.snap");

        var result = ToolRunner.Run("snaprepair", damaged.Path, "-o", repaired);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Equal(before, damaged.Sha256());
        var (expectedConsole, expectedMid) = RestoreAndRun(original.Path, "original-mid.snap");
        var (actualConsole, actualMid) = RestoreAndRun(repaired, "repaired-mid.snap");
        Assert.Equal(expectedConsole, actualConsole);
        Assert.Equal(expectedMid, actualMid);
        var expected = File.ReadAllText(Snapshot.Testing.Locations.Fixtures.Path(Path.ChangeExtension(fixture, ".expected.txt"))).ReplaceLineEndings("\n");
        Assert.Equal(expected, actualConsole);
    }

    [Fact]
    public void A_repair_with_losses_is_restored_only_when_accepted()
    {
        var damaged = new FixtureCopy("sieve.snap", _scratch.File("damaged.snap"));
        damaged.FlipPayloadBit(damaged.Sections.Last(s => s.Type == Snapshot.Format.SectionType.MemoryChunk));
        var repaired = _scratch.File("repaired.snap");
        Assert.Equal(ExitCodes.ProblemsFound, ToolRunner.Run("snaprepair", damaged.Path, "-o", repaired, "--zero-damaged").ExitCode);

        var refused = Assert.Throws<RestoreException>(() => new Restorer(Microkernel.Boot()).Restore(repaired));
        Assert.Contains("snaprepair", refused.Message);
        Assert.Contains("--accept-repaired", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);

        var kernel = Microkernel.Boot();
        var restored = new Restorer(kernel).Restore(repaired, new RestoreOptions { AcceptRepaired = true });
        Assert.Equal(1UL, restored.Tasks.Single().Task.Id);
    }

    /// <summary>Restores into a fresh kernel, checkpoints mid-run (leaving the task running), runs to the end.</summary>
    private (string Console, byte[] MidImage) RestoreAndRun(string image, string midName)
    {
        var kernel = Microkernel.Boot();
        var task = new Restorer(kernel).Restore(image).Tasks.Single().Task;
        kernel.Run(TicksBeforeMidImage);
        var mid = _scratch.File(midName);
        new Checkpointer(kernel).Checkpoint(task.Id, mid, kill: false);
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(5_000_000).Stop);
        return (kernel.Console.Text, File.ReadAllBytes(mid));
    }
}
