using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Support;

/// <summary>
/// Compares the task state two images hold: every thread blob byte for byte, areas, the memory of every
/// chunk (by content hash and present bitmap) and the kernel task struct. The task's "restored" flag is
/// the one permitted difference: it records the task's history, not its state.
/// </summary>
public static class ImageComparison
{
    public static void AssertSameState(string expectedPath, string actualPath)
    {
        using var expected = ImageReader.Open(expectedPath);
        using var actual = ImageReader.Open(actualPath);
        Assert.Equal(expected.Header.Build, actual.Header.Build);
        var profile = KernelBuildCatalog.Find(expected.Header.Build.BuildId)!;
        var a = expected.ReadMetadata();
        var b = actual.ReadMetadata();
        Assert.Equal(a.Checkpoint.TaskIds, b.Checkpoint.TaskIds);
        Assert.Equal(a.Tasks.Count, b.Tasks.Count);
        for (var t = 0; t < a.Tasks.Count; t++)
        {
            var ta = a.Tasks[t];
            var tb = b.Tasks[t];
            Assert.Equal(ta.Task.TaskId, tb.Task.TaskId);
            Assert.Equal(ta.Task.ProgramHash, tb.Task.ProgramHash);
            AssertSameTask(CanonicalCodec.DecodeTask(ta.Task, profile), CanonicalCodec.DecodeTask(tb.Task, profile));
            Assert.Equal(ta.Areas, tb.Areas);
            Assert.Equal(ta.Threads.Count, tb.Threads.Count);
            for (var i = 0; i < ta.Threads.Count; i++)
            {
                Assert.Equal(ta.Threads[i].ThreadId, tb.Threads[i].ThreadId);
                Assert.Equal(ta.Threads[i].KernelThread.ToArray(), tb.Threads[i].KernelThread.ToArray());
                Assert.Equal(ta.Threads[i].KernelStack.ToArray(), tb.Threads[i].KernelStack.ToArray());
            }
        }

        Assert.Equal(Chunks(expected), Chunks(actual));
    }

    private static void AssertSameTask(CanonicalTask a, CanonicalTask b)
    {
        var flags = Flags(a);
        Assert.Equal(flags.Order(StringComparer.Ordinal), Flags(b).Order(StringComparer.Ordinal));
        Assert.Equal(a with { Flags = flags }, b with { Flags = flags });
    }

    private static IReadOnlySet<string> Flags(CanonicalTask task) => task.Flags.Where(flag => flag != "restored").ToHashSet();

    private static string[] Chunks(ImageReader reader) => reader.Index
        .Where(entry => entry.Type == SectionType.MemoryChunk)
        .Select(entry => $"{entry.TaskId}/{entry.AreaId}/{entry.ChunkIndex}: {entry.PresentBitmap:x16} {entry.ContentHash}")
        .ToArray();
}
