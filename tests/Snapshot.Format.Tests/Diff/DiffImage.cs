using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Diff;

/// <summary>
/// A small image described in canonical form, edited by a test and written with <see cref="ImageWriter"/>
/// for any build profile: one task with code, data and stack areas and two threads. Page contents are
/// derived from a (page, version) pair, so a test changes a page by bumping its version.
/// </summary>
internal sealed class DiffImage
{
    public const ulong TaskId = 5;
    public const int PageSize = 4096;

    public CanonicalTask Task { get; set; } = new(TaskId, "active", new HashSet<string> { "checkpointed" },
        NextThreadId: 3, NextAreaId: 4, ThreadCount: 2, AreaCount: 3, HeapCursor: 0x2000_0000, RngState: 0x1234_5678);

    public List<CanonicalThread> Threads { get; } =
    [
        new(1, ThreadRunState.Ready, new HashSet<string> { "main", "uspace" }, QuantumLeft: 20, Rank: 0, StackAreaId: 3,
            "preempt", Registers(0x10), Syscall: null),
        new(2, ThreadRunState.Blocked, new HashSet<string> { "uspace", "restart" }, QuantumLeft: 0, Rank: 1, StackAreaId: 3,
            "syscall_restart", Registers(0x20), new PendingSyscall("sleep", [7, 0, 0, 0, 0], Restart: true)),
    ];

    public List<AreaRecord> Areas { get; } =
    [
        new(1, 0x40_0000, 0x4000, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, AreaBacking.Program, "code"),
        new(2, 0x1000_0000, 0x100_0000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Anonymous, "data"),
        new(3, 0x7fff_0000_0000, 0x1_0000, AreaFlags.Read | AreaFlags.Write, AreaKind.Stack, AreaBacking.Anonymous, "stack"),
    ];

    /// <summary>Per area: page number → content version (0 = an all-zero page, which the writer elides).</summary>
    public Dictionary<uint, SortedDictionary<ulong, int>> Pages { get; } = new()
    {
        [1] = new() { [0] = 1, [1] = 1, [2] = 1 },
        [2] = new() { [0] = 1, [1] = 1, [2] = 1, [3] = 1, [10] = 1, [70] = 1, [130] = 1, [131] = 1 },
        [3] = new() { [15] = 1 },
    };

    public ImageWriterOptions Options { get; set; } = new();

    /// <summary>Per area: chunks written as references (an incremental image's unchanged chunks), beside its pages.</summary>
    public Dictionary<uint, List<ChunkReference>> References { get; } = [];

    /// <summary>The bytes of a page from (area, page, version); <see cref="Content"/> unless a test needs repeated chunks.</summary>
    public Func<uint, ulong, int, byte[]> ContentOf { get; init; } = Content;

    public static UserRegisters Registers(ulong seed) =>
        new([.. Enumerable.Range(0, 16).Select(i => seed + (ulong)i)], Pc: 0x40_0100, Sp: 0x7fff_0000_fff0, Flags: 2, Tls: 0x1000_0000);

    public CanonicalThread Thread(uint id) => Threads.Single(t => t.ThreadId == id);

    public void ReplaceThread(CanonicalThread thread) => Threads[Threads.FindIndex(t => t.ThreadId == thread.ThreadId)] = thread;

    public void ReplaceArea(AreaRecord area) => Areas[Areas.FindIndex(a => a.AreaId == area.AreaId)] = area;

    public string Write(string path, KernelBuildProfile? profile = null)
    {
        profile ??= TestImage.Profile;
        using FileStream file = File.Create(path);
        using ImageWriter writer = ImageWriter.Create(file, profile.Stamp, Options);
        writer.WriteCheckpoint(new CheckpointRecord([TaskId], KilledAfter: true));
        writer.WriteTask(new TaskRecord(TaskId, "worker", "counter", Hash256.Compute("counter"u8), CanonicalCodec.EncodeTask(Task, profile)));
        writer.WriteAreas(TaskId, Areas);
        foreach (CanonicalThread thread in Threads)
            writer.WriteThread(CanonicalCodec.EncodeThread(TaskId, thread, profile));
        foreach (AreaRecord area in Areas)
        {
            SortedDictionary<ulong, int> pages = Pages.GetValueOrDefault(area.AreaId, []);
            writer.WriteAreaMemory(TaskId, area, pages.Select(p => new PageData(p.Key, ContentOf(area.AreaId, p.Key, p.Value))),
                References.GetValueOrDefault(area.AreaId, []));
        }
        writer.Complete();
        return path;
    }

    /// <summary>The bytes of a page: zero for version 0, otherwise a pattern unique to (area, page, version).</summary>
    public static byte[] Content(uint areaId, ulong page, int version)
    {
        var bytes = new byte[PageSize];
        if (version == 0)
            return bytes;
        for (int i = 0; i < bytes.Length; i += 8)
            BitConverter.TryWriteBytes(bytes.AsSpan(i), ((ulong)areaId << 48) ^ (page << 24) ^ ((ulong)version << 16) ^ (ulong)i);
        return bytes;
    }
}
