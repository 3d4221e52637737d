namespace Snapshot.Format.Chains;

/// <summary>
/// Merges an incremental image and its ancestors into one full image (<c>snapconv flatten</c>): the child's metadata
/// sections, then every area's pages as the chain resolves them, written by <see cref="ImageWriter"/> in the order the
/// checkpointer writes them. So the result has the very bytes a full checkpoint of the same state would have with
/// the same writer options (compression level, pages per chunk), and it needs no other file.
/// </summary>
public static class ChainFlattener
{
    /// <summary>
    /// Writes the full image of the chain ending in <see cref="ImageChain.Image"/> to <paramref name="destination"/>.
    /// Pages per chunk are the chain's; <see cref="ImageWriterOptions.Parents"/>, <see cref="ImageWriterOptions.Signer"/>
    /// <see cref="ImageWriterOptions.HasExternalState"/> and <see cref="ImageWriterOptions.ProgramReferences"/> of
    /// <paramref name="options"/> are ignored (set from the image: no parents, unsigned, external state and program
    /// references when it has them).
    /// </summary>
    /// <exception cref="SnapshotFormatException">A section or chunk of the chain is malformed.</exception>
    /// <exception cref="NotSupportedException">The image was repaired with losses (its REPAIR record is not carried over).</exception>
    public static void Flatten(ImageChain chain, Stream destination, ImageWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(destination);
        ImageReader image = chain.Image;
        ImageMetadata metadata = image.ReadMetadata();
        if (metadata.Repair is not null)
            throw new NotSupportedException($"{image.Path} was rebuilt by snaprepair; flattening would drop the record of what it lost");

        options = (options ?? new ImageWriterOptions()) with
        {
            PagesPerChunk = image.PagesPerChunk,
            Parents = null,
            Signer = null,
            HasExternalState = metadata.External is not null,
            ProgramReferences = (image.Header.Features.Incompatible & Features.IncompatProgramReference) != 0,
        };
        using ImageWriter writer = ImageWriter.Create(destination, image.Header.Build, options);
        writer.WriteCheckpoint(metadata.Checkpoint);
        ExternalState? external = metadata.External;
        if (external is not null)
        {
            writer.WriteCooperation(external.Cooperation);
            // As the checkpointer writes them: the share and call sections only when there are some.
            if (external.SharedAreas.Count > 0)
                writer.WriteSharedAreas(external.SharedAreas);
            if (external.Calls.Count > 0)
                writer.WriteCalls(external.Calls);
        }

        var withChunks = image.Index.Where(entry => entry.IsChunk)
            .Select(entry => (entry.TaskId, entry.AreaId)).ToHashSet();
        foreach (TaskMetadata task in metadata.Tasks)
        {
            ulong taskId = task.Task.TaskId;
            writer.WriteTask(task.Task);
            writer.WriteAreas(taskId, task.Areas);
            foreach (ThreadRecord thread in task.Threads)
                writer.WriteThread(thread);
            if (external is not null)
            {
                foreach (TaskIpcRecord ipc in external.TaskIpc.Where(record => record.TaskId == taskId))
                    writer.WriteTaskIpc(ipc);
                foreach (TaskFilesRecord files in external.Files.Where(record => record.TaskId == taskId))
                    writer.WriteTaskFiles(files);
            }
            foreach (AreaRecord area in task.Areas)
            {
                if (withChunks.Contains((taskId, area.AreaId)))
                    writer.WriteAreaMemory(taskId, area, image.ReadChunks(taskId, area.AreaId).SelectMany(chunk => chunk.Pages()));
            }
        }
        writer.Complete();
    }
}
