using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace Snapshot.Tools.Tests.Images;

/// <summary>
/// Writes realistic images with Snapshot.Format's writer: one task of program "prodcons" with code, data, heap
/// and stack areas, and two threads, one preempted in user mode and one whose futex_wait was undone for
/// restart. Pages carry patterns (compressible), pseudo-random bytes (incompressible) or zeros (elided).
/// Everything is derived from fixed seeds, so the bytes are the same on every run.
/// </summary>
internal static class TestImage
{
    public const ulong TaskId = 7;
    public const ulong CodeBase = 0x0000_0000_0040_0000;
    public const ulong DataBase = 0x0000_0000_0060_0000;
    public const ulong HeapBase = 0x0000_0000_1000_0000;
    public const ulong StackBase = 0x0000_7fff_fff0_0000;
    public const ulong FutexAddress = DataBase + 0x40;

    public static KernelBuildProfile Profile => KernelBuildCatalog.Find("spartan-0.4")
        ?? throw new InvalidOperationException("the spartan-0.4 profile is not built in");

    /// <summary>Writes the image to <paramref name="path"/> and returns the path.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="randomHeapPages">Heap pages filled with incompressible bytes (4 KiB each).</param>
    /// <param name="unknownBuild">Stamp the image with a build no profile describes.</param>
    /// <param name="badStopSite">Give thread 2 a kernel stack whose stop site is no address of the build.</param>
    public static string Write(string path, int randomHeapPages = 3, bool unknownBuild = false, bool badStopSite = false)
    {
        var profile = Profile;
        var stamp = unknownBuild
            ? new KernelBuildStamp("spartan", "9.9.0-dev", Hash256.Compute("a build no profile describes"u8), "sim64", 4096)
            : profile.Stamp;

        var areas = new[]
        {
            new AreaRecord(1, CodeBase, 0x4000, AreaFlags.Read | AreaFlags.Execute, AreaKind.Code, AreaBacking.Program, "code"),
            new AreaRecord(2, DataBase, 0x2000, AreaFlags.Read | AreaFlags.Write, AreaKind.Data, AreaBacking.Anonymous, "data"),
            new AreaRecord(3, HeapBase, 0x200_0000, AreaFlags.Read | AreaFlags.Write, AreaKind.Heap, AreaBacking.Anonymous, "heap"),
            new AreaRecord(4, StackBase, 0x1_0000, AreaFlags.Read | AreaFlags.Write, AreaKind.Stack, AreaBacking.Anonymous, "stack"),
        };

        using (var file = File.Create(path))
        using (var writer = ImageWriter.Create(file, stamp))
        {
            writer.WriteCheckpoint(new CheckpointRecord([TaskId], KilledAfter: false));
            writer.WriteTask(new TaskRecord(TaskId, "prodcons#1", "prodcons", Hash256.Compute("prodcons program image"u8),
                CanonicalCodec.EncodeTask(Task(), profile)));
            writer.WriteAreas(TaskId, areas);
            writer.WriteThread(CanonicalCodec.EncodeThread(TaskId, Preempted(), profile));
            var blocked = CanonicalCodec.EncodeThread(TaskId, BlockedInFutex(), profile);
            writer.WriteThread(badStopSite ? WithStopSite(blocked, BogusStopSite, profile) : blocked);
            writer.WriteAreaMemory(TaskId, areas[0], PatternPages(0, 4, seed: 0x11));
            writer.WriteAreaMemory(TaskId, areas[1], [Page(0, PatternPage(0x22)), Page(1, new byte[4096])]);
            writer.WriteAreaMemory(TaskId, areas[2], HeapPages(randomHeapPages));
            writer.WriteAreaMemory(TaskId, areas[3], [Page(14, PatternPage(0x44)), Page(15, PatternPage(0x45))]);
            writer.Complete();
        }

        return path;
    }

    /// <summary>A kernel address that is no stop site of spartan-0.4.</summary>
    public const ulong BogusStopSite = 0xffff_ffff_8010_0bad;

    private static ThreadRecord WithStopSite(ThreadRecord thread, ulong address, KernelBuildProfile profile)
    {
        var layout = profile.KernelStack;
        var values = new Dictionary<string, ulong>(layout.Decode(thread.KernelStack.Span));
        var stopSite = layout.Fields.Single(field => field.IsStopSite).Name;
        values[stopSite] = address;
        return thread with { KernelStack = layout.Encode(values) };
    }

    private static CanonicalTask Task() => new(
        TaskId, "active", new HashSet<string> { "checkpointed" }, NextThreadId: 3, NextAreaId: 5, ThreadCount: 2,
        AreaCount: 4, HeapCursor: HeapBase + 0x3000, RngState: 0x9e37_79b9_7f4a_7c15);

    private static CanonicalThread Preempted() => new(
        1, ThreadRunState.Ready, new HashSet<string> { "uspace", "main" }, QuantumLeft: 17, Rank: 0, StackAreaId: 4,
        "preempt", Registers(0x100, pc: CodeBase + 0x1a4, sp: StackBase + 0xffc0), Syscall: null);

    private static CanonicalThread BlockedInFutex() => new(
        2, ThreadRunState.Ready, new HashSet<string> { "uspace", "restart" }, QuantumLeft: 50, Rank: 1, StackAreaId: 4,
        "syscall_restart", Registers(0x200, pc: CodeBase + 0x2f0, sp: StackBase + 0xdf00),
        new PendingSyscall("futex_wait", [FutexAddress, 0, 0, 0, 0], Restart: true));

    private static UserRegisters Registers(ulong seed, ulong pc, ulong sp) =>
        new([.. Enumerable.Range(0, 16).Select(i => seed + (ulong)i * 0x1111)], pc, sp, Flags: 0x2, Tls: DataBase + 0x1000);

    private static IEnumerable<PageData> HeapPages(int randomPages)
    {
        // Page 0 compressible, page 1 all zero (elided by the writer), then incompressible pages spanning chunks.
        yield return Page(0, PatternPage(0x33));
        yield return Page(1, new byte[4096]);
        var state = 0x2545_f491_4f6c_dd1dUL;
        for (var i = 0; i < randomPages; i++)
        {
            var bytes = new byte[4096];
            for (var j = 0; j < bytes.Length; j += 8)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                BitConverter.TryWriteBytes(bytes.AsSpan(j), state);
            }

            yield return Page((ulong)(2 + i), bytes);
        }
    }

    private static IEnumerable<PageData> PatternPages(ulong first, int count, byte seed)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Page(first + (ulong)i, PatternPage((byte)(seed + i)));
        }
    }

    private static byte[] PatternPage(byte seed)
    {
        var bytes = new byte[4096];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(seed + (i % 61));
        }

        return bytes;
    }

    private static PageData Page(ulong index, byte[] bytes) => new(index, bytes);
}
