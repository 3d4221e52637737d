using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Chains;

namespace KernelSim.Tests.Incremental;

public sealed class IncrementalCheckpointTests
{
    private const ulong SieveLimit = 60_000;

    [Fact]
    public void A_child_stores_exactly_the_chunks_with_pages_written_since_its_parent()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(ProgramLibrary.Load("sieve"), SieveLimit);
        kernel.Run(30_000);
        // The sieve of 60000 numbers lives in the first 15 pages of its 1 MiB heap; pages beyond are never read, so
        // they can hold chunks of the test's own.
        var heap = task.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Heap);
        foreach (var page in new ulong[] { 64, 128, 192 })
        {
            heap.Write(page * 4096, [0x11, 0x22]);
        }

        var parent = temp.File("parent.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, parent, kill: false);

        // Written behind the program's back, so the test knows exactly which chunks changed: pages 3 and 70 of the
        // heap (chunks 0 and 1), nothing else; no tick runs.
        heap.Write(3 * 4096 + 17, [0xA5]);
        heap.Write(70 * 4096, [0x5A, 0x5B]);
        var child = temp.File("child.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], child) { Parent = parent });

        using var parentReader = ImageReader.Open(parent);
        using var chain = ImageChain.Open(child);
        var parentChunks = ChunkKeys(parentReader, SectionType.MemoryChunk).Concat(ChunkKeys(parentReader, SectionType.ChunkReference)).ToHashSet();
        Assert.True(parentChunks.Count > 4, $"the parent has {parentChunks.Count} chunks");
        var stored = ChunkKeys(chain.Image, SectionType.MemoryChunk);
        Assert.Equal([(heap.Id, 0u), (heap.Id, 1u)], stored);
        var referenced = ChunkKeys(chain.Image, SectionType.ChunkReference);
        Assert.Equal(parentChunks.Except(stored).Order(), referenced.Order());
        Assert.Equal([new ParentImage(ImageId.Compute(parent), "parent.snap")], chain.Parents);
    }

    [Theory]
    [InlineData("sieve", SieveLimit, 20_000UL, 15_000UL)]
    [InlineData("memmix", 1UL, 5_000UL, 3_000UL)]
    public void Restoring_a_chain_of_three_equals_restoring_a_full_image_of_the_same_moment(string program, ulong argument, ulong first, ulong step)
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot(seed: 5);
        var task = kernel.Spawn(ProgramLibrary.Load(program), argument);
        kernel.Run(first);
        var a = temp.File("a.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, a, kill: false);
        kernel.Run(step);
        var b = temp.File("b.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], b) { Parent = a });
        kernel.Run(step);
        var c = temp.File("c.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], c) { Parent = b });
        var full = temp.File("full.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, full, kill: false);
        if (program == "memmix")
        {
            // Filled before A and asleep since: the grandchild's memory is references, most of them into A (ordinal 2).
            using var chain = ImageChain.Open(c);
            var ordinals = chain.Image.Index.Where(entry => entry.Type == SectionType.ChunkReference)
                .Select(entry => chain.Image.ReadChunkReference(entry).ImageOrdinal).ToList();
            Assert.Contains(2u, ordinals);
            Assert.True(new FileInfo(c).Length * 4 < new FileInfo(full).Length, $"{new FileInfo(c).Length} vs {new FileInfo(full).Length}");
        }

        // Flattened, the chain is the full image byte for byte: same metadata, same pages, same writer.
        var flat = temp.File("flat.snap");
        using (var chain = ImageChain.Open(c))
        using (var stream = File.Create(flat))
        {
            ChainFlattener.Flatten(chain, stream);
        }

        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(flat));

        var (fromChain, chainTask) = Restore(c);
        var (fromFull, fullTask) = Restore(full);
        // The restored states are the same: checkpointed again (full images), they are the same bytes.
        var again = new[] { temp.File("again-chain.snap"), temp.File("again-full.snap") };
        new Checkpointer(fromChain).Checkpoint(chainTask.Id, again[0], kill: false);
        new Checkpointer(fromFull).Checkpoint(fullTask.Id, again[1], kill: false);
        Assert.Equal(File.ReadAllBytes(again[1]), File.ReadAllBytes(again[0]));

        fromChain.RunUntilExit(5_000_000);
        fromFull.RunUntilExit(5_000_000);
        kernel.RunUntilExit(5_000_000);
        Assert.Equal(fromFull.Console.Text, fromChain.Console.Text);
        Assert.EndsWith(fromChain.Console.Text, kernel.Console.Text);
    }

    [Fact]
    public void Only_the_image_the_kernel_last_wrote_or_restored_can_be_the_parent()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(ProgramLibrary.Load("sieve"), SieveLimit);
        kernel.Run(5_000);
        var a = temp.File("a.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, a, kill: false);
        kernel.Run(5_000);
        new Checkpointer(kernel).Checkpoint(task.Id, temp.File("b.snap"), kill: false);

        var error = Assert.Throws<CheckpointRefusedException>(() =>
            new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], temp.File("c.snap")) { Parent = a }));

        Assert.Contains($"parent image {a} (image id {ImageId.Compute(a).Short}) is not the image this kernel last wrote or restored", error.Message);
        Assert.False(File.Exists(temp.File("c.snap")));
    }

    [Fact]
    public void The_command_line_continues_a_chain_and_restore_follows_it()
    {
        using var temp = new TempDirectory();
        var a = temp.File("a.snap");
        var (code, outA, error) = Run("checkpoint", "sieve", "--arg", "60000", "--ticks", "20000", "-o", a);
        Assert.True(code == ExitCodes.Ok, error);
        var b = temp.File("b.snap");
        (code, var outB, error) = Run("checkpoint", "--parent", a, "--ticks", "15000", "-o", b);
        Assert.True(code == ExitCodes.Ok, error);
        var c = temp.File("c.snap");
        (code, var outC, error) = Run("checkpoint", "--parent", b, "--ticks", "15000", "-o", c);
        Assert.True(code == ExitCodes.Ok, error);
        (code, var rest, error) = Run("restore", c);
        Assert.True(code == ExitCodes.Ok, error);

        (code, var whole, _) = Run("restore", a, "--max-ticks", "10000000");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(whole, outB + outC + rest);
        Assert.NotEmpty(outA + whole);
    }

    [Fact]
    public void Restore_of_a_child_whose_parent_is_missing_names_the_parent()
    {
        using var temp = new TempDirectory();
        var a = temp.File("a.snap");
        Assert.Equal(ExitCodes.Ok, Run("checkpoint", "sieve", "--arg", "60000", "--ticks", "5000", "-o", a).Code);
        var b = temp.File("b.snap");
        Assert.Equal(ExitCodes.Ok, Run("checkpoint", "--parent", a, "--ticks", "5000", "-o", b).Code);
        var id = ImageId.Compute(a);
        File.Delete(a);

        var (code, _, error) = Run("restore", b);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"kernel-sim: parent image {a} (ancestor 1 of {b}) is missing; the child names image id {id.Short}\n", error);
    }

    [Fact]
    public void The_command_line_refuses_a_program_with_parent()
    {
        var (code, _, error) = Run("checkpoint", "sieve", "--parent", "a.snap", "--ticks", "5", "-o", "b.snap");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--parent continues the tasks of a.snap; it takes no PROGRAM ('sieve')", error);
    }

    [Fact]
    public void A_scenario_writes_a_child_with_parent()
    {
        using var temp = new TempDirectory();
        var scenario = temp.File("chain.scn");
        File.WriteAllText(scenario, """
            boot spartan-0.4
            spawn sieve arg 60000 as s
            run 20000
            checkpoint s to a.snap
            run 10000
            checkpoint s to b.snap parent a.snap
            """);

        var (code, stdout, error) = Run("run", scenario);

        Assert.True(code == ExitCodes.Ok, stdout + error);
        Assert.Contains("checkpoint task 1 to b.snap (parent a.snap):", error);
        using var chain = ImageChain.Open(temp.File("b.snap"));
        Assert.Equal("a.snap", chain.Parents.Single().FileName);
    }

    private static (Microkernel Kernel, KernelTask Task) Restore(string path)
    {
        var kernel = Microkernel.Boot(seed: 5);
        var result = new Restorer(kernel).Restore(path);
        return (kernel, result.Tasks.Single().Task);
    }

    private static List<(uint AreaId, uint ChunkIndex)> ChunkKeys(ImageReader reader, SectionType type) =>
        reader.Index.Where(entry => entry.Type == type).Select(entry => (entry.AreaId, entry.ChunkIndex)).ToList();

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
