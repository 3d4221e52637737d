using Snapshot.Format.Kernels;

namespace Snapshot.Format.Tests.Support;

/// <summary>A task's records and pages, built through the canonical codec so its blobs are valid for spartan-0.4.</summary>
internal sealed class TestTask
{
    public required TaskRecord Task { get; init; }
    public required List<AreaRecord> Areas { get; init; }
    public required List<ThreadRecord> Threads { get; init; }
    public required Dictionary<uint, List<PageData>> Pages { get; init; }

    public static TestTask Create(ulong taskId, int seed, int dataPages, int extraAreas = 0, KernelBuildProfile? profile = null)
    {
        profile ??= TestImage.Profile;
        var random = new Random(seed);
        var canonicalTask = new CanonicalTask(taskId, "active", new SortedSet<string> { "checkpointed" },
            NextThreadId: 2, NextAreaId: 4 + (uint)extraAreas, ThreadCount: 1, AreaCount: 3 + (uint)extraAreas, HeapCursor: 0x30000, RngState: (ulong)seed * 7919);
        var task = new TaskRecord(taskId, $"task{taskId}", "counter", Hash256.Compute([(byte)seed]),
            CanonicalCodec.EncodeTask(canonicalTask, profile));

        var areas = new List<AreaRecord>
        {
            new(1, 0x10000, 0x4000, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, AreaBacking.Program, "code"),
            new(2, 0x20000, 0x100000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Anonymous, "data"),
            new(3, 0x200000, 0x10000, AreaFlags.Read | AreaFlags.Write, AreaKind.Stack, AreaBacking.Anonymous, "stack"),
        };

        var thread = new CanonicalThread(1, ThreadRunState.Blocked, new SortedSet<string> { "main", "uspace" },
            QuantumLeft: 17, Rank: 0, StackAreaId: 3, StopSite: "syscall_restart",
            new UserRegisters([.. Enumerable.Range(0, 16).Select(i => (ulong)(i * seed))], 0x10040, 0x20fff0, 2, 0),
            new PendingSyscall("sleep", [5, 0, 0, 0, 0], Restart: true));

        var pages = new Dictionary<uint, List<PageData>>
        {
            [1] = [Page(0, random), Page(1, random)],
            [2] = RandomPages(random, dataPages, areaPages: 0x100),
            [3] = [Page(15, random)],
        };
        return new TestTask
        {
            Task = task,
            Areas = areas,
            Threads = [CanonicalCodec.EncodeThread(taskId, thread, profile)],
            Pages = pages,
        };
    }

    /// <summary>Pages with compressible content (a repeated pattern) or random content, some all zero.</summary>
    public static PageData Page(ulong index, Random random, bool compressible = true)
    {
        var bytes = new byte[TestImage.PageSize];
        if (compressible)
        {
            byte fill = (byte)random.Next(1, 256);
            for (int i = 0; i < bytes.Length; i += 64)
                bytes[i] = fill;
        }
        else
        {
            random.NextBytes(bytes);
        }
        return new PageData(index, bytes);
    }

    private static List<PageData> RandomPages(Random random, int count, int areaPages)
    {
        var indexes = new SortedSet<ulong>();
        while (indexes.Count < count)
            indexes.Add((ulong)random.Next(areaPages));
        return [.. indexes.Select(i => random.Next(4) switch
        {
            0 => new PageData(i, new byte[TestImage.PageSize]),
            1 => Page(i, random, compressible: false),
            _ => Page(i, random),
        })];
    }
}
