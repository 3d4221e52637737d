using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Checkpoint;

public sealed class CheckpointTests
{
    public static TheoryData<string> Programs() => new(ProgramLibrary.Names);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Leaving_the_task_running_after_a_checkpoint_changes_nothing(string name)
    {
        using var temp = new TempDirectory();
        var program = ProgramLibrary.Load(name);
        var argument = TestPrograms.PropertyArgument(name);
        var reference = Microkernel.Boot(seed: 3);
        var referenceTask = reference.Spawn(program, argument);
        var total = reference.RunUntilExit(5_000_000).Ticks;
        var n = total * 3 / 4;

        reference = Microkernel.Boot(seed: 3);
        referenceTask = reference.Spawn(program, argument);
        reference.Run(n);
        var referenceImage = temp.File("reference.snap");
        new Checkpointer(reference).Checkpoint(referenceTask.Id, referenceImage, kill: false);
        reference.RunUntilExit(5_000_000);

        var kernel = Microkernel.Boot(seed: 3);
        var task = kernel.Spawn(program, argument);
        foreach (var k in new[] { n / 5, n / 3, n / 2 })
        {
            kernel.Run(k - (kernel.Now));
            new Checkpointer(kernel).Checkpoint(task.Id, temp.File($"at-{k}.snap"), kill: false);
        }

        kernel.Run(n - kernel.Now);
        var image = temp.File("after-checkpoints.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, image, kill: false);
        Assert.Equal(File.ReadAllBytes(referenceImage), File.ReadAllBytes(image));

        var rest = kernel.RunUntilExit(5_000_000);
        Assert.Equal(total, n + rest.Ticks);
        Assert.Equal(reference.Console.ToArray(), kernel.Console.ToArray());
    }

    [Fact]
    public void The_same_state_always_gives_the_same_image_bytes()
    {
        using var temp = new TempDirectory();
        byte[] Image(string file)
        {
            var kernel = Microkernel.Boot(seed: 11);
            var task = kernel.Spawn(ProgramLibrary.Load("prodcons"), 6);
            kernel.Run(4321);
            var path = temp.File(file);
            new Checkpointer(kernel).Checkpoint(task.Id, path, kill: true);
            return File.ReadAllBytes(path);
        }

        Assert.Equal(Image("a.snap"), Image("b.snap"));
    }

    [Fact]
    public void An_image_holds_the_build_stamp_the_task_and_only_materialised_pages()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(ProgramLibrary.Load("sieve"), 3000);
        kernel.Run(20_000);
        var path = temp.File("sieve.snap");
        var summary = new Checkpointer(kernel).Checkpoint(task.Id, path, kill: false);
        Assert.Equal(TaskState.Active, task.State);
        Assert.True(task.IsCheckpointed);

        using var reader = ImageReader.Open(path);
        Assert.Equal(kernel.Profile.Stamp, reader.Header.Build);
        var metadata = reader.ReadMetadata();
        Assert.Equal(new[] { task.Id }, metadata.Checkpoint.TaskIds);
        Assert.False(metadata.Checkpoint.KilledAfter);
        var image = metadata.Tasks.Single();
        Assert.Equal(("sieve", "sieve"), (image.Task.Name, image.Task.ProgramName));
        var canonical = CanonicalCodec.DecodeTask(image.Task, kernel.Profile);
        Assert.Equal((task.NextThreadId, task.NextAreaId, task.HeapCursor, task.RngState), (canonical.NextThreadId, canonical.NextAreaId, canonical.HeapCursor, canonical.RngState));
        Assert.Contains("checkpointed", canonical.Flags);
        Assert.Equal(task.AddressSpace.Areas.Select(area => area.Id).Order(), image.Areas.Select(area => area.AreaId));
        var resident = reader.Index.Where(entry => entry.Type == SectionType.MemoryChunk).Sum(entry => entry.PresentPages);
        Assert.InRange(resident, 1, summary.MaterialisedPages);
    }
}
