using Snapshot.Format;
using Snapshot.Format.Chains;

namespace Snapshot.Tools.Tests.Chains;

/// <summary>
/// Incremental images as kernel-sim writes them, built with the public API: the parent's metadata, one changed heap
/// page stored, every other chunk a reference to the image that stores it.
/// </summary>
internal static class ChainImage
{
    /// <summary>The heap area of <see cref="Images.TestImage"/>, whose page 0 each child changes.</summary>
    public const uint HeapAreaId = 3;

    /// <summary>Writes a child of <paramref name="parentPath"/> to <paramref name="childPath"/> with heap page 0 filled with <paramref name="fill"/>.</summary>
    public static string WriteChild(string parentPath, string childPath, byte fill)
    {
        using ImageChain parent = ImageChain.Open(parentPath);
        ImageMetadata metadata = parent.Image.ReadMetadata();
        var options = new ImageWriterOptions { Parents = parent.ParentsForChild(childPath) };
        using (var file = File.Create(childPath))
        using (var writer = ImageWriter.Create(file, metadata.Header.Build, options))
        {
            writer.WriteCheckpoint(metadata.Checkpoint);
            foreach (TaskMetadata task in metadata.Tasks)
            {
                ulong taskId = task.Task.TaskId;
                writer.WriteTask(task.Task);
                writer.WriteAreas(taskId, task.Areas);
                foreach (ThreadRecord thread in task.Threads)
                    writer.WriteThread(thread);
                foreach (AreaRecord area in task.Areas)
                {
                    var origins = parent.ChunkOrigins(taskId, area.AreaId).Values.OrderBy(origin => origin.ChunkIndex).ToList();
                    IEnumerable<PageData> pages = [];
                    if (area.AreaId == HeapAreaId)
                    {
                        // Chunk 0 changed: stored with the parent's other pages of that chunk and the new page 0.
                        var page = new byte[4096];
                        Array.Fill(page, fill);
                        pages = [new PageData(0, page), .. parent.Image.ReadChunks(taskId, area.AreaId)
                            .Where(chunk => chunk.ChunkIndex == 0).SelectMany(chunk => chunk.Pages()).Where(p => p.PageIndex != 0)];
                        origins.RemoveAll(origin => origin.ChunkIndex == 0);
                    }
                    writer.WriteAreaMemory(taskId, area, pages, origins.Select(origin => new ChunkReference(taskId, area.AreaId,
                        origin.ChunkIndex, origin.PresentBitmap, origin.ContentHash, origin.ImageOrdinal, origin.TargetOffset)));
                }
            }
            writer.Complete();
        }
        return childPath;
    }
}
