using Snapshot.Format;

namespace KernelSim.Tests.Support;

/// <summary>Copies an image through Snapshot.Format's writer, changing its stamp or its task metadata: how tests make hostile but well-formed images.</summary>
public static class ImageRewriter
{
    public static void Rewrite(string source, string destination, Func<KernelBuildStamp, KernelBuildStamp>? stamp = null,
        Func<TaskMetadata, TaskMetadata>? task = null)
    {
        using var reader = ImageReader.Open(source);
        var metadata = reader.ReadMetadata();
        using var stream = File.Create(destination);
        using var writer = ImageWriter.Create(stream, stamp is null ? reader.Header.Build : stamp(reader.Header.Build));
        writer.WriteCheckpoint(metadata.Checkpoint);
        foreach (var original in metadata.Tasks)
        {
            var changed = task is null ? original : task(original);
            writer.WriteTask(changed.Task);
            writer.WriteAreas(changed.Task.TaskId, changed.Areas);
            foreach (var thread in changed.Threads)
            {
                writer.WriteThread(thread);
            }

            foreach (var area in changed.Areas)
            {
                var pages = reader.ReadChunks(original.Task.TaskId, area.AreaId).SelectMany(chunk => chunk.Pages()).ToArray();
                writer.WriteAreaMemory(changed.Task.TaskId, area, pages);
            }
        }

        writer.Complete();
    }
}
