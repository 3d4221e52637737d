using Snapshot.Format;

namespace KernelSim.Tests.Support;

/// <summary>
/// Copies an image through Snapshot.Format's writer, changing its stamp, its task metadata or its external state:
/// how tests make hostile but well-formed images (every CRC and the index right).
/// </summary>
public static class ImageRewriter
{
    public static void Rewrite(string source, string destination, Func<KernelBuildStamp, KernelBuildStamp>? stamp = null,
        Func<TaskMetadata, TaskMetadata>? task = null, Func<ExternalState, ExternalState>? external = null)
    {
        using var reader = ImageReader.Open(source);
        var metadata = reader.ReadMetadata();
        var state = metadata.External is null || external is null ? metadata.External : external(metadata.External);
        using var stream = File.Create(destination);
        var options = new ImageWriterOptions
        {
            PagesPerChunk = reader.PagesPerChunk,
            HasExternalState = state is not null,
            ProgramReferences = (reader.Header.Features.Incompatible & Features.IncompatProgramReference) != 0,
        };
        using var writer = ImageWriter.Create(stream, stamp is null ? reader.Header.Build : stamp(reader.Header.Build), options);
        writer.WriteCheckpoint(metadata.Checkpoint);
        if (state is not null)
        {
            writer.WriteCooperation(state.Cooperation);
            if (state.SharedAreas.Count > 0)
            {
                writer.WriteSharedAreas(state.SharedAreas);
            }

            if (state.Calls.Count > 0)
            {
                writer.WriteCalls(state.Calls);
            }
        }

        foreach (var original in metadata.Tasks)
        {
            var changed = task is null ? original : task(original);
            writer.WriteTask(changed.Task);
            writer.WriteAreas(changed.Task.TaskId, changed.Areas);
            foreach (var thread in changed.Threads)
            {
                writer.WriteThread(thread);
            }

            if (state is not null)
            {
                writer.WriteTaskIpc(state.TaskIpc.Single(ipc => ipc.TaskId == changed.Task.TaskId));
                if (state.Files.FirstOrDefault(files => files.TaskId == changed.Task.TaskId) is { } files)
                {
                    writer.WriteTaskFiles(files);
                }
            }

            foreach (var area in changed.Areas.Where(area => area.Backing != AreaBacking.ProgramReference))
            {
                // A changed area may be smaller than the original: its pages beyond the new end are not its own.
                var pages = reader.ReadChunks(original.Task.TaskId, area.AreaId).SelectMany(chunk => chunk.Pages())
                    .Where(page => page.PageIndex < area.Size / reader.Header.Build.PageSize).ToArray();
                writer.WriteAreaMemory(changed.Task.TaskId, area, pages);
            }
        }

        writer.Complete();
    }
}
