using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Upgrade;

namespace Snapshot.Format.Tests.Upgrade;

/// <summary>Images for conversion tests: the golden fixtures, and the external-state set laid out for any build.</summary>
internal static class UpgradeImages
{
    public static KernelBuildProfile Build(string name) => KernelBuildCatalog.Find(name)!;

    public static UpgradeOptions To(string build) => new() { Target = Build(build) };

    /// <summary>The spartan-0.4 fixtures every conversion must handle (single tasks, format 1.0 and 1.1).</summary>
    public static TheoryData<string> GoldenFixtures => [.. Fixtures.Names().Where(n => !n.Contains("-1.2", StringComparison.Ordinal))];

    /// <summary>The checkpoint set with IPC state, every blob laid out by <paramref name="build"/>.</summary>
    public static ExternalSetImage ExternalSet(string build, Func<CanonicalThread, CanonicalThread>? changeThread = null,
        Func<CanonicalCall, CanonicalCall>? changeCall = null)
    {
        KernelBuildProfile profile = Build(build);
        changeCall ??= call => call;
        ExternalSetImage set = ExternalSetImage.Create(profile, call => CanonicalCodec.EncodeCall(changeCall(call), profile).KernelCall);
        changeThread ??= thread => thread;
        return set with
        {
            Tasks = [.. set.Tasks.Select(task => Relaid(task, profile, changeThread))],
        };
    }

    /// <summary>The task with its blobs laid out by <paramref name="profile"/> (whichever build the set helper wrote them for).</summary>
    private static TestTask Relaid(TestTask task, KernelBuildProfile profile, Func<CanonicalThread, CanonicalThread> changeThread)
    {
        KernelBuildProfile written = task.Task.KernelTask.Length == profile.Task.Size ? profile : TestImage.Profile;
        return new TestTask
        {
            Task = task.Task with { KernelTask = CanonicalCodec.EncodeTask(CanonicalCodec.DecodeTask(task.Task, written), profile) },
            Areas = task.Areas,
            Threads = [.. task.Threads.Select(t => CanonicalCodec.EncodeThread(t.TaskId, changeThread(CanonicalCodec.DecodeThread(t, written)), profile))],
            Pages = task.Pages,
        };
    }

    /// <summary>The stored bytes of every memory chunk, in file order, by (task, area, chunk).</summary>
    public static IReadOnlyList<(ulong Task, uint Area, uint Chunk, uint Crc, Hash256 Hash)> Chunks(string path)
    {
        using ImageReader reader = ImageReader.Open(path);
        return [.. reader.Index.Where(e => e.Type == SectionType.MemoryChunk).Select(e => (e.TaskId, e.AreaId, e.ChunkIndex, e.PayloadCrc, e.ContentHash))];
    }
}
