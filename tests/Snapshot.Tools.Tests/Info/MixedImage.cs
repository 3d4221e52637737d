using Snapshot.Format;

namespace Snapshot.Tools.Tests.Info;

/// <summary>
/// A large image of mixed memory, as a long-running task leaves it: in runs of pages, about 40% zero, 30% repetitive
/// (runs of identical pages, which the writer stores once) and 30% random-looking. One page per chunk by default, so
/// its index is large and reading it would show in the bytes a tool reads. Seeded, so the bytes never change.
/// </summary>
internal static class MixedImage
{
    public const ulong TaskId = 3;
    private const int PageSize = 4096;

    /// <summary>Writes an image of <paramref name="megabytes"/> MiB of memory to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, int megabytes, ImageWriterOptions? options = null)
    {
        // A build no profile describes: snapinfo then shows the kernel blobs as hex, with nothing to decode.
        var stamp = new KernelBuildStamp("spartan", "9.9.0-dev", Hash256.Compute("mixed image build"u8), "sim64", PageSize);
        ulong pages = (ulong)megabytes * 1024 * 1024 / PageSize;
        var areas = new[]
        {
            new AreaRecord(1, 0x400000, 0x4000, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, AreaBacking.Program, "code"),
            new AreaRecord(2, 0x1000_0000, pages * PageSize, AreaFlags.Read | AreaFlags.Write, AreaKind.Heap, AreaBacking.Anonymous, "heap"),
        };
        using var file = File.Create(path);
        using var writer = ImageWriter.Create(file, stamp, options ?? new ImageWriterOptions { PagesPerChunk = 1 });
        writer.WriteCheckpoint(new CheckpointRecord([TaskId], KilledAfter: true));
        writer.WriteTask(new TaskRecord(TaskId, "memmix#1", "memmix", Hash256.Compute("memmix program image"u8), new byte[48]));
        writer.WriteAreas(TaskId, areas);
        writer.WriteAreaMemory(TaskId, areas[0], Pages(4, seed: 1));
        writer.WriteAreaMemory(TaskId, areas[1], Pages(pages, seed: 2));
        writer.Complete();
        return path;
    }

    private static IEnumerable<PageData> Pages(ulong count, int seed)
    {
        var random = new Random(seed);
        byte[] repeated = new byte[PageSize];
        ulong index = 0;
        while (index < count)
        {
            int run = random.Next(1, 33);
            int kind = random.Next(10);
            random.NextBytes(repeated.AsSpan(0, 64));
            for (int i = 0; i < run && index < count; i++, index++)
            {
                if (kind < 4)
                    continue;
                byte[] page = new byte[PageSize];
                if (kind < 7)
                    repeated.AsSpan(0, 64).CopyTo(page);
                else
                    random.NextBytes(page);
                yield return new PageData(index, page);
            }
        }
    }
}
