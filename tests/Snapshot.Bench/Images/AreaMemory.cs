using Snapshot.Bench.Memory;
using Snapshot.Format;
using Snapshot.Format.Reading;

namespace Snapshot.Bench.Images;

/// <summary>
/// The raw memory of an image's one memory area of a given size, page by page with its zero pages written out (a
/// user's dump of the same memory), so that the peers (zstd, cmp, qemu-img) work on exactly the bytes the image holds.
/// </summary>
public static class AreaMemory
{
    private const int MotifLength = 64;

    /// <summary>
    /// Writes the area of <paramref name="size"/> bytes (the heap when several match) of the image's single task to
    /// <paramref name="rawPath"/>, and says how many of its pages are zero, repetitive (a 64-byte motif repeated) or
    /// neither.
    /// </summary>
    public static PageMix Extract(string image, long size, string rawPath)
    {
        using ImageReader reader = ImageReader.Open(image);
        ImageMetadata metadata = reader.ReadMetadata();
        if (metadata.Tasks.Count != 1)
            throw new InvalidDataException($"{image}: expected one task, found {metadata.Tasks.Count}");
        TaskMetadata task = metadata.Tasks[0];
        AreaRecord area = task.Areas.Where(a => (long)a.Size == size).OrderBy(a => a.Kind == AreaKind.Heap ? 0 : 1).FirstOrDefault()
            ?? throw new InvalidDataException($"{image}: no area of {size} bytes (areas: {string.Join(", ", task.Areas.Select(a => $"{a.Name} {a.Size}"))})");

        int pageSize = (int)metadata.Header.Build.PageSize;
        byte[] zero = new byte[pageSize];
        long zeroPages = 0, repetitive = 0, other = 0;
        long nextPage = 0;
        long pages = size / pageSize;
        using var output = new FileStream(rawPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.SequentialScan);

        void ZeroUpTo(long page)
        {
            for (; nextPage < page; nextPage++)
            {
                output.Write(zero);
                zeroPages++;
            }
        }

        foreach (MemoryChunk chunk in reader.ReadChunks(task.Task.TaskId, area.AreaId))
        {
            foreach (PageData page in chunk.Pages())
            {
                long index = (long)page.PageIndex;
                if (index < nextPage || index >= pages)
                    throw new InvalidDataException($"{image}: page {index} of area {area.Name} is out of order or outside the area");
                ZeroUpTo(index);
                ReadOnlySpan<byte> bytes = page.Bytes.Span;
                output.Write(bytes);
                nextPage++;
                if (!bytes.ContainsAnyExcept((byte)0))
                    zeroPages++;
                else if (IsRepetitive(bytes))
                    repetitive++;
                else
                    other++;
            }
        }
        ZeroUpTo(pages);
        return new PageMix(zeroPages, repetitive, other);
    }

    private static bool IsRepetitive(ReadOnlySpan<byte> page)
    {
        ReadOnlySpan<byte> motif = page[..MotifLength];
        for (int offset = MotifLength; offset < page.Length; offset += MotifLength)
        {
            if (!page.Slice(offset, MotifLength).SequenceEqual(motif))
                return false;
        }
        return true;
    }
}
