using System.Buffers.Binary;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace Snapshot.Fuzz.Writing;

/// <summary>
/// Writes a multi-MiB image through <see cref="AtomicFile"/>, slowly when asked (a pause per chunk), so that
/// a test can kill the writing process at chosen moments. The pages carry a generation number, so old and
/// new images are told apart.
/// </summary>
public static class LargeImageWriter
{
    public const int PageSize = 4096;
    private const ulong TaskId = 1;
    private const uint AreaId = 1;

    private static readonly KernelBuildProfile s_profile = KernelBuildCatalog.Find("spartan-0.4")!;

    public static void Write(string path, int mebibytes, ulong generation, TimeSpan pausePerChunk, TextWriter progress)
    {
        var pages = mebibytes * (1024 * 1024 / PageSize);
        var area = new AreaRecord(AreaId, 0x1_0000_0000, (ulong)pages * PageSize, AreaFlags.Read | AreaFlags.Write, AreaKind.Heap, AreaBacking.Anonymous, "heap");
        AtomicFile.Write(path, stream =>
        {
            using var writer = ImageWriter.Create(stream, s_profile.Stamp, new ImageWriterOptions { CompressionLevel = 1 });
            writer.WriteCheckpoint(new CheckpointRecord([TaskId], KilledAfter: false));
            var task = new CanonicalTask(TaskId, "active", new HashSet<string>(), NextThreadId: 1, NextAreaId: AreaId + 1,
                ThreadCount: 0, AreaCount: 1, HeapCursor: area.Base + area.Size, RngState: generation);
            writer.WriteTask(new TaskRecord(TaskId, "large", "large", Hash256.Zero, CanonicalCodec.EncodeTask(task, s_profile)));
            writer.WriteAreas(TaskId, [area]);
            writer.WriteAreaMemory(TaskId, area, Pages(pages, generation, pausePerChunk, progress));
            writer.Complete();
        });
    }

    private static IEnumerable<PageData> Pages(int count, ulong generation, TimeSpan pausePerChunk, TextWriter progress)
    {
        var random = new Random((int)generation);
        for (var i = 0; i < count; i++)
        {
            // Incompressible, so the file really is as large as its pages.
            var bytes = new byte[PageSize];
            random.NextBytes(bytes);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, generation);
            if (i % 64 == 0)
            {
                progress.WriteLine($"page {i}");
                progress.Flush();
                if (pausePerChunk > TimeSpan.Zero)
                {
                    Thread.Sleep(pausePerChunk);
                }
            }

            yield return new PageData((ulong)i, bytes);
        }
    }
}
