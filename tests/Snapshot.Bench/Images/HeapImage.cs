using Snapshot.Format;
using Snapshot.Format.Reading;

namespace Snapshot.Bench.Images;

/// <summary>
/// Writes a full-size image from a real checkpoint: the task, its threads, areas, external state and the other
/// areas' memory as kernel-sim wrote them, and the pages of its heap area (whose size must equal the raw memory's)
/// taken from a raw memory file. The result restores like any checkpoint, because only page contents changed.
/// It makes the second image of the diff rows (memory A with 1% of its pages changed), and it is the "checkpoint
/// write" the benchmark measures when kernel-sim cannot fill memory of that size itself (no memmix).
/// </summary>
public static class HeapImage
{
    public static void Write(string baseImage, string rawMemory, string output, int level)
    {
        using ImageReader reader = ImageReader.Open(baseImage);
        using var raw = new FileStream(rawMemory, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        AtomicFile.Write(output, stream => Write(reader, raw, stream, level));
    }

    /// <summary>Writes the image to <paramref name="destination"/>, with the heap's pages read from <paramref name="rawMemory"/> to its end.</summary>
    public static void Write(ImageReader baseImage, Stream rawMemory, Stream destination, int level)
    {
        ImageMetadata metadata = baseImage.ReadMetadata();
        long rawLength = rawMemory.Length - rawMemory.Position;
        if (metadata.Tasks.Count != 1)
            throw new InvalidDataException($"{baseImage.Path}: expected one task, found {metadata.Tasks.Count}");
        TaskMetadata task = metadata.Tasks[0];
        // The area of the raw memory's size, the heap when several match (holdmem's heap, memmix's memory area).
        AreaRecord heap = task.Areas.Where(a => (long)a.Size == rawLength).OrderBy(a => a.Kind == AreaKind.Heap ? 0 : 1).FirstOrDefault()
            ?? throw new InvalidDataException($"{baseImage.Path}: no area of {rawLength} bytes to fill from the raw memory");

        // Code stored by reference to the program (kernel-sim's default) stays so: the base image has no pages for it.
        var options = new ImageWriterOptions
        {
            CompressionLevel = level, PagesPerChunk = baseImage.PagesPerChunk, HasExternalState = metadata.External is not null,
            ProgramReferences = (metadata.Header.Features.Incompatible & Features.IncompatProgramReference) != 0,
        };
        using ImageWriter writer = ImageWriter.Create(destination, metadata.Header.Build, options);
        writer.WriteCheckpoint(metadata.Checkpoint);
        if (metadata.External is { } external)
        {
            writer.WriteCooperation(external.Cooperation);
            writer.WriteSharedAreas(external.SharedAreas);
            writer.WriteCalls(external.Calls);
        }
        ulong taskId = task.Task.TaskId;
        writer.WriteTask(task.Task);
        writer.WriteAreas(taskId, task.Areas);
        foreach (ThreadRecord thread in task.Threads)
            writer.WriteThread(thread);
        if (metadata.External is { } state)
        {
            foreach (TaskIpcRecord ipc in state.TaskIpc.Where(r => r.TaskId == taskId))
                writer.WriteTaskIpc(ipc);
            foreach (TaskFilesRecord files in state.Files.Where(r => r.TaskId == taskId))
                writer.WriteTaskFiles(files);
        }
        foreach (AreaRecord area in task.Areas.Where(a => a.Backing != AreaBacking.ProgramReference))
        {
            IEnumerable<PageData> pages = area.AreaId == heap.AreaId
                ? RawPages(rawMemory, (int)metadata.Header.Build.PageSize, baseImage.PagesPerChunk)
                : baseImage.ReadChunks(taskId, area.AreaId).SelectMany(chunk => chunk.Pages());
            writer.WriteAreaMemory(taskId, area, pages);
        }
        writer.Complete();
    }

    /// <summary>
    /// The raw memory's pages in order, read a chunk at a time. Each read gets a fresh (uninitialised) array rather
    /// than a reused one: a writer may keep the pages of chunks in flight while it compresses them in parallel.
    /// </summary>
    private static IEnumerable<PageData> RawPages(Stream input, int pageSize, int pagesPerChunk)
    {
        int blockLength = pageSize * pagesPerChunk;
        ulong pageIndex = 0;
        while (true)
        {
            byte[] block = GC.AllocateUninitializedArray<byte>(blockLength);
            int length = input.ReadAtLeast(block, blockLength, throwOnEndOfStream: false);
            if (length == 0)
                yield break;
            if (length % pageSize != 0)
                throw new InvalidDataException($"the raw memory's length is not a multiple of the page size {pageSize}");
            for (int offset = 0; offset < length; offset += pageSize)
                yield return new PageData(pageIndex++, block.AsMemory(offset, pageSize));
        }
    }
}
