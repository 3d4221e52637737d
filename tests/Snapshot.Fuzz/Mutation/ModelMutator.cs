using System.Buffers.Binary;
using Snapshot.Format;

namespace Snapshot.Fuzz.Mutation;

/// <summary>
/// Well-formed hostile images: the seed is decoded with Snapshot.Format, one field of one record (a kernel
/// struct or stack word, an area's range, flags, kind or id, a thread or task id, the checkpoint set) is set
/// to an extreme or random value (or, for an image with external state, one field of a phone, call, share,
/// connection, policy or open file), and the image is written again by ImageWriter, so every CRC, the index and
/// the footer are right. This is what reaches the restorer's and validator's semantic checks.
/// </summary>
public sealed class ModelMutator(Random random)
{
    /// <summary>The mutated image, or null when the writer refuses the change (it cannot be expressed in the format).</summary>
    public (byte[] Bytes, string Description)? Mutate(string seedPath)
    {
        using var reader = ImageReader.Open(seedPath);
        var metadata = reader.ReadMetadata();
        if (metadata.Tasks.Count == 0)
        {
            return null;
        }

        var taskIndex = random.Next(metadata.Tasks.Count);
        var original = metadata.Tasks[taskIndex];
        var external = metadata.External;
        TaskMetadata changed;
        CheckpointRecord checkpoint;
        string description;
        if (external is not null && random.Next(2) == 0)
        {
            (external, description) = ExternalStateMutation.Change(external, random, Extreme);
            (changed, checkpoint) = (original, metadata.Checkpoint);
        }
        else
        {
            (changed, checkpoint, description) = Change(original, metadata.Checkpoint);
        }

        var tasks = metadata.Tasks.ToArray();
        tasks[taskIndex] = changed;
        try
        {
            using var stream = new MemoryStream();
            // Code stored by reference to the program (kernel-sim's default) stays so: the image has no pages for it.
            var options = new ImageWriterOptions
            {
                PagesPerChunk = reader.PagesPerChunk,
                HasExternalState = external is not null,
                ProgramReferences = (reader.Header.Features.Incompatible & Features.IncompatProgramReference) != 0,
            };
            using (var writer = ImageWriter.Create(stream, reader.Header.Build, options))
            {
                writer.WriteCheckpoint(checkpoint);
                if (external is not null)
                {
                    writer.WriteCooperation(external.Cooperation);
                    writer.WriteSharedAreas(external.SharedAreas);
                    writer.WriteCalls(external.Calls);
                }

                for (var i = 0; i < tasks.Length; i++)
                {
                    var task = tasks[i];
                    writer.WriteTask(task.Task);
                    writer.WriteAreas(task.Task.TaskId, task.Areas);
                    foreach (var thread in task.Threads)
                    {
                        writer.WriteThread(thread with { TaskId = task.Task.TaskId });
                    }

                    // A task whose id the mutation changed keeps the external state of the id it had.
                    var sourceId = metadata.Tasks[i].Task.TaskId;
                    if (external?.TaskIpc.FirstOrDefault(ipc => ipc.TaskId == sourceId) is { } ipc)
                    {
                        writer.WriteTaskIpc(ipc with { TaskId = task.Task.TaskId });
                    }

                    if (external?.Files.FirstOrDefault(files => files.TaskId == sourceId) is { } files)
                    {
                        writer.WriteTaskFiles(files with { TaskId = task.Task.TaskId });
                    }

                    foreach (var area in task.Areas.Where(area => area.Backing != AreaBacking.ProgramReference))
                    {
                        var source = metadata.Tasks[i];
                        var pages = reader.ReadChunks(source.Task.TaskId, area.AreaId).SelectMany(chunk => chunk.Pages())
                            .Where(page => page.PageIndex < area.Size / reader.Header.Build.PageSize).ToArray();
                        writer.WriteAreaMemory(task.Task.TaskId, area, pages);
                    }
                }

                writer.Complete();
            }

            return (stream.ToArray(), description);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private (TaskMetadata Task, CheckpointRecord Checkpoint, string Description) Change(TaskMetadata task, CheckpointRecord checkpoint)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                var (blob, what) = ChangeWord(task.Task.KernelTask.ToArray());
                return (task with { Task = task.Task with { KernelTask = blob } }, checkpoint, $"task struct {what}");
            }

            case 1 when task.Threads.Count > 0:
            {
                var index = random.Next(task.Threads.Count);
                var thread = task.Threads[index];
                var stack = random.Next(2) == 0;
                var (blob, what) = ChangeWord((stack ? thread.KernelStack : thread.KernelThread).ToArray());
                var threads = task.Threads.ToArray();
                threads[index] = stack ? thread with { KernelStack = blob } : thread with { KernelThread = blob };
                return (task with { Threads = threads }, checkpoint, $"thread {thread.ThreadId} {(stack ? "kernel stack" : "thread struct")} {what}");
            }

            case 2 when task.Areas.Count > 0:
            {
                var index = random.Next(task.Areas.Count);
                var area = task.Areas[index];
                var pageMultiple = (ulong)random.Next(0, 8) * 4096UL;
                AreaRecord changed = random.Next(6) switch
                {
                    0 => area with { Base = Extreme() & ~0xFFFUL },
                    1 => area with { Size = random.Next(2) == 0 ? Extreme() & ~0xFFFUL : pageMultiple },
                    2 => area with { Flags = (AreaFlags)random.Next(16) },
                    3 => area with { Kind = (AreaKind)random.Next(7) },
                    4 => area with { Backing = (AreaBacking)random.Next(3) },
                    _ => area with { AreaId = (uint)Extreme() },
                };
                var areas = task.Areas.ToArray();
                areas[index] = changed;
                return (task with { Areas = areas }, checkpoint, $"area {area.AreaId} -> {changed}");
            }

            case 3 when task.Threads.Count > 0:
            {
                var index = random.Next(task.Threads.Count);
                var threads = task.Threads.ToArray();
                var id = (uint)Extreme();
                threads[index] = threads[index] with { ThreadId = id };
                return (task with { Threads = threads }, checkpoint, $"thread {task.Threads[index].ThreadId} id -> {id}");
            }

            case 4:
            {
                var id = Extreme();
                var ids = checkpoint.TaskIds.Select(existing => existing == task.Task.TaskId ? id : existing).ToArray();
                return (task with { Task = task.Task with { TaskId = id } }, checkpoint with { TaskIds = random.Next(2) == 0 ? ids : checkpoint.TaskIds },
                    $"task {task.Task.TaskId} id -> {id}");
            }

            default:
            {
                var threads = task.Threads.Concat(task.Threads.Take(random.Next(1, 3))).ToArray();
                return (task with { Threads = threads }, checkpoint, $"threads duplicated ({task.Threads.Count} -> {threads.Length})");
            }
        }
    }

    // One aligned 4- or 8-byte word of a struct set to an extreme or random value.
    private (byte[] Blob, string What) ChangeWord(byte[] blob)
    {
        var width = blob.Length >= 8 && random.Next(2) == 0 ? 8 : 4;
        if (blob.Length < width)
        {
            return (blob, "(too short to change)");
        }

        var offset = random.Next(blob.Length / width) * width;
        var value = Extreme();
        if (width == 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(offset), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(offset), (uint)value);
        }

        return (blob, $"word at {offset} -> 0x{value:x}");
    }

    private ulong Extreme()
    {
        ulong[] values = [0, 1, 2, 3, 7, 50, 51, 64, 1024, 1025, 0x1000, 0x10000, 0x1_0000_0000, 0x7FFF_FFFF, 0xFFFF_FFFF, 1UL << 47, ulong.MaxValue, long.MaxValue];
        return random.Next(4) == 0 ? (ulong)random.NextInt64() : values[random.Next(values.Length)];
    }
}
