using System.Globalization;
using KernelSim.Reporting;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Cli;

/// <summary>
/// A compact human summary of an image read back through Snapshot.Format: build stamp, tasks, threads
/// (decoded from the build's kernel structs: state, stop site, pc) and areas with their resident pages.
/// </summary>
public static class ImageSummary
{
    public static void Write(string path, TextWriter output)
    {
        using var reader = ImageReader.Open(path);
        var header = reader.Header;
        var metadata = reader.ReadMetadata();
        var profile = KernelBuildCatalog.Find(header.Build.BuildId);
        output.WriteLine($"image {path}: format {header.Version}, {reader.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, {reader.Index.Count} sections");
        output.WriteLine($"  kernel build  {header.Build.Display}{(profile is null ? " (unknown build: kernel structs not decoded)" : "")}");
        output.WriteLine($"  checkpoint    tasks [{string.Join(", ", metadata.Checkpoint.TaskIds)}], {(metadata.Checkpoint.KilledAfter ? "killed after" : "left running")}");
        foreach (var task in metadata.Tasks)
        {
            WriteTask(output, reader, task, profile);
        }
    }

    private static void WriteTask(TextWriter output, ImageReader reader, TaskMetadata task, KernelBuildProfile? profile)
    {
        var id = task.Task.TaskId;
        output.WriteLine($"  task {id} \"{task.Task.Name}\" program {task.Task.ProgramName} ({task.Task.ProgramHash.Short})");
        if (profile is not null)
        {
            var canonical = CanonicalCodec.DecodeTask(task.Task, profile);
            output.WriteLine($"    state {canonical.State}, flags [{string.Join(",", canonical.Flags.Order(StringComparer.Ordinal))}], next thread {canonical.NextThreadId}, next area {canonical.NextAreaId}, heap cursor 0x{canonical.HeapCursor:x}");
        }

        foreach (var thread in task.Threads.OrderBy(thread => thread.ThreadId))
        {
            if (profile is null)
            {
                output.WriteLine($"    thread {thread.ThreadId}");
                continue;
            }

            var state = CanonicalCodec.DecodeThread(thread, profile);
            var syscall = state.Syscall is { } pending
                ? $", restart {pending.Name}({string.Join(", ", pending.Args.Take(2).Select(arg => "0x" + arg.ToString("x", CultureInfo.InvariantCulture)))})"
                : "";
            var quantum = state.State == ThreadRunState.Running ? $", {state.QuantumLeft} instructions of quantum left" : "";
            output.WriteLine($"    thread {state.ThreadId}: {state.State.ToString().ToLowerInvariant()} rank {state.Rank}, stop site {state.StopSite}, pc 0x{state.Registers.Pc:x}, sp 0x{state.Registers.Sp:x}{quantum}{syscall}");
        }

        foreach (var area in task.Areas.OrderBy(area => area.AreaId))
        {
            var chunks = reader.Index.Where(entry => entry.Type == SectionType.MemoryChunk && entry.TaskId == id && entry.AreaId == area.AreaId).ToArray();
            var pages = chunks.Sum(entry => entry.PresentPages);
            var stored = chunks.Sum(entry => entry.StoredLength);
            output.WriteLine($"    area {area.AreaId} {area.Name,-6} {area.Kind.ToString().ToLowerInvariant(),-5} 0x{area.Base:x12}-0x{area.Base + area.Size:x12} {Permissions(area.Flags)}  {Quantity.Of(pages, "page")} resident, {Quantity.Of(stored, "byte")} stored");
        }
    }

    private static string Permissions(AreaFlags flags) =>
        $"{(flags.HasFlag(AreaFlags.Read) ? 'r' : '-')}{(flags.HasFlag(AreaFlags.Write) ? 'w' : '-')}{(flags.HasFlag(AreaFlags.Execute) ? 'x' : '-')}";
}
