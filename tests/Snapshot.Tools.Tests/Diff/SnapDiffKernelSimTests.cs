using System.Text.Json;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using Snapshot.Format;
using Snapshot.Format.Diff;
using Snapshot.Format.Kernels;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>snapdiff on images the simulator writes in-process: moments of one run, two runs, two builds.</summary>
public sealed class SnapDiffKernelSimTests : IDisposable
{
    private const ulong Seed = 1;
    private const ulong ProdconsArgument = 6;

    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Checkpoint(Microkernel kernel, KernelTask task, string name)
    {
        var path = _scratch.File(name);
        new Checkpointer(kernel).Checkpoint(task.Id, path, kill: false);
        return path;
    }

    private (Microkernel Kernel, KernelTask Task) Spawn(KernelBuildProfile? profile = null)
    {
        var kernel = profile is null ? Microkernel.Boot(seed: Seed) : new Microkernel(profile, Seed);
        var task = kernel.Spawn(ProgramLibrary.Load("prodcons"), ProdconsArgument);
        return (kernel, task);
    }

    [Fact]
    public void TheSameMomentOfTwoRunsIsTheSame()
    {
        var (first, firstTask) = Spawn();
        first.Run(700);
        var a = Checkpoint(first, firstTask, "first.snap");
        var (second, secondTask) = Spawn();
        second.Run(700);
        var b = Checkpoint(second, secondTask, "second.snap");

        var result = ToolRunner.Run("snapdiff", a, b);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("The images are the same", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoMomentsOfOneRunDifferInThreadsAndMemory()
    {
        var (kernel, task) = Spawn();
        kernel.Run(700);
        var a = Checkpoint(kernel, task, "early.snap");
        kernel.Run(173);
        var b = Checkpoint(kernel, task, "late.snap");

        var result = ToolRunner.Run("snapdiff", a, b, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var summary = document.RootElement.GetProperty("summary");
        Assert.True(summary.GetProperty("threadsChanged").GetInt32() > 0, result.Stdout);
        Assert.True(summary.GetProperty("pagesChanged").GetInt64() + summary.GetProperty("pagesAdded").GetInt64() > 0, result.Stdout);
        // The code area never changes: its chunk pair is equal by the index and never read.
        Assert.True(summary.GetProperty("chunks").GetProperty("identical").GetInt64() > 0, result.Stdout);
    }

    [Fact]
    public void TheSameRunOnAnotherBuildDiffersOnlyInItsBuild()
    {
        var other = OtherKernelBuild.Create();
        var (spartan, spartanTask) = Spawn();
        var (variant, variantTask) = Spawn(other);
        foreach (var ticks in new ulong[] { 150, 600, 873 })
        {
            spartan.Run(ticks - spartan.Now);
            variant.Run(ticks - variant.Now);
            var a = Checkpoint(spartan, spartanTask, $"spartan-{ticks}.snap");
            var b = Checkpoint(variant, variantTask, $"variant-{ticks}.snap");
            Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));

            using var readerA = ImageReader.Open(a);
            using var readerB = ImageReader.Open(b);
            var diff = ImageDiffer.Compare(readerA, readerB, [.. KernelBuildCatalog.BuiltIn, other]);

            Assert.True(diff.Build.HasDifferences);
            Assert.Equal(ComparisonForm.Canonical, diff.Build.Form);
            var task = Assert.Single(diff.Tasks);
            Assert.False(task.HasDifferences, $"tick {ticks}: " + string.Join("; ", task.Threads
                .Where(t => t.HasDifferences)
                .Select(t => $"thread {t.ThreadId}: " + string.Join(", ", t.Fields.Select(f => f.Field)))));
            Assert.NotEmpty(task.Threads);
        }
    }
}
