using Snapshot.Format.Kernels;

namespace Snapshot.Format.Tests.Support;

/// <summary>Builds small, valid images with <see cref="ImageWriter"/> for the spartan-0.4 build.</summary>
internal sealed class TestImage
{
    public static KernelBuildProfile Profile => KernelBuildCatalog.Find("spartan-0.4")!;

    public const int PageSize = 4096;

    public List<TestTask> Tasks { get; } = [];

    public bool KilledAfter { get; init; }

    public ImageWriterOptions Options { get; init; } = new();

    /// <summary>Writes more sections after the tasks' (a section of an unknown type, say), before the index.</summary>
    public Action<ImageWriter>? WriteMore { get; init; }

    /// <summary>One task with a code area, a stack area and a given set of pages in its data area.</summary>
    public static TestImage Small(int seed = 1, int dataPages = 6)
    {
        var image = new TestImage();
        image.Tasks.Add(TestTask.Create(1, seed, dataPages));
        return image;
    }

    public byte[] Write()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    public void WriteTo(Stream destination)
    {
        using ImageWriter writer = ImageWriter.Create(destination, Profile.Stamp, Options);
        writer.WriteCheckpoint(new CheckpointRecord([.. Tasks.Select(t => t.Task.TaskId)], KilledAfter));
        foreach (TestTask task in Tasks)
        {
            writer.WriteTask(task.Task);
            writer.WriteAreas(task.Task.TaskId, task.Areas);
            foreach (ThreadRecord thread in task.Threads)
                writer.WriteThread(thread);
            foreach (AreaRecord area in task.Areas)
                writer.WriteAreaMemory(task.Task.TaskId, area, task.Pages.GetValueOrDefault(area.AreaId, []));
        }
        WriteMore?.Invoke(writer);
        writer.Complete();
    }

    public string WriteFile(TempDirectory directory, string name = "image.snap")
    {
        string path = directory.File(name);
        File.WriteAllBytes(path, Write());
        return path;
    }
}
