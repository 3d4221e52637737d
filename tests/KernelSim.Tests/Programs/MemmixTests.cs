using System.Text.RegularExpressions;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Memory;
using KernelSim.Restore;
using Snapshot.Format;

namespace KernelSim.Tests.Programs;

public sealed partial class MemmixTests
{
    private const int PageSize = 4096;

    private static (Microkernel Kernel, KernelTask Task) Fill(ulong mebibytes, ulong seed = 0)
    {
        var kernel = Microkernel.Boot(seed: seed);
        var task = kernel.Spawn(ProgramLibrary.Load("memmix"), mebibytes);
        Assert.Equal(RunStop.Deadlock, kernel.RunUntilExit(2_000_000).Stop);
        return (kernel, task);
    }

    [Fact]
    public void Eight_MiB_hold_about_40_percent_zero_30_repetitive_and_30_random_pages()
    {
        var (kernel, task) = Fill(8);
        var heap = task.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Heap);
        Assert.Equal(8UL << 20, heap.Size);
        Assert.Equal(2048, heap.MaterialisedPageCount);

        int zero = 0, repetitive = 0, random = 0;
        foreach (var page in heap.MaterialisedPages())
        {
            var bytes = page.Bytes.Span;
            if (!bytes.ContainsAnyExcept((byte)0))
            {
                zero++;
            }
            else if (IsMotif(bytes))
            {
                repetitive++;
            }
            else
            {
                random++;
            }
        }

        // Runs of 1..32 pages make the counts lumpy: 2048 pages are about 120 runs, so allow ±8 points.
        Assert.InRange(zero, 2048 * 32 / 100, 2048 * 48 / 100);
        Assert.InRange(repetitive, 2048 * 22 / 100, 2048 * 38 / 100);
        Assert.InRange(random, 2048 * 22 / 100, 2048 * 38 / 100);
        Assert.Equal($"memmix: 8 MiB: {zero} zero, {repetitive} repetitive, {random} random pages\n", kernel.Console.Text);
        var motifs = heap.MaterialisedPages().Where(page => IsMotif(page.Bytes.Span) && page.Bytes.Span.ContainsAnyExcept((byte)0))
            .Select(page => Convert.ToHexString(page.Bytes.Span[..64])).Distinct().Count();
        Assert.InRange(motifs, 2, 8);
    }

    [Fact]
    public void The_same_seed_gives_the_same_memory_and_another_seed_other_memory()
    {
        static string Digest(ulong seed)
        {
            var (_, task) = Fill(1, seed);
            var heap = task.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Heap);
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (var page in heap.MaterialisedPages())
            {
                hash.AppendData(page.Bytes.Span);
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }

        Assert.Equal(Digest(5), Digest(5));
        Assert.NotEqual(Digest(5), Digest(6));
    }

    [Fact]
    public void Checkpointed_mid_fill_and_restored_it_ends_with_the_memory_and_output_of_an_uninterrupted_run()
    {
        using var temp = new TempDirectory();
        var (reference, referenceTask) = Fill(2, seed: 9);

        var kernel = Microkernel.Boot(seed: 9);
        var task = kernel.Spawn(ProgramLibrary.Load("memmix"), 2);
        kernel.Run(reference.Now / 2);
        var image = temp.File("memmix.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, image, kill: true);
        var before = kernel.Console.Text;

        var fresh = Microkernel.Boot(seed: 9);
        var restored = new Restorer(fresh).Restore(image).Tasks[0].Task;
        Assert.Equal(RunStop.Deadlock, fresh.RunUntilExit(2_000_000).Stop);
        Assert.Equal(reference.Console.Text, before + fresh.Console.Text);
        var expected = referenceTask.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Heap);
        var actual = restored.AddressSpace.FindById(expected.Id)!;
        Assert.Equal(Digest(expected), Digest(actual));
    }

    [Fact]
    public void A_size_beyond_64_GiB_is_refused()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(ProgramLibrary.Load("memmix"), 65537);
        kernel.RunUntilExit(100_000);
        Assert.Equal("memmix: no memory\n", kernel.Console.Text);
        Assert.Equal(TaskState.Exited, task.State);
    }

    private static string Digest(Area area) =>
        string.Join(",", area.MaterialisedPages().Where(page => page.Bytes.Span.ContainsAnyExcept((byte)0))
            .Select(page => $"{page.PageIndex}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(page.Bytes.Span))}"));

    private static bool IsMotif(ReadOnlySpan<byte> page)
    {
        for (var offset = 64; offset < page.Length; offset += 64)
        {
            if (!page.Slice(offset, 64).SequenceEqual(page[..64]))
            {
                return false;
            }
        }

        return true;
    }
}
