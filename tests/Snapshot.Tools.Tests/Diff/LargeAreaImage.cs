using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>
/// An image whose one task has a single 1 GiB heap area (262,144 pages) with a chosen set of pages: enough
/// pages that the HTML report draws several pages per map cell.
/// </summary>
internal static class LargeAreaImage
{
    public const ulong TaskId = 3;
    public const ulong HeapBase = 0x0000_0040_0000_0000;
    public const ulong HeapPages = 262_144;

    /// <summary>Writes the image; each page is (page number, content version), version 0 being all zero.</summary>
    public static string Write(string path, params (ulong Page, byte Version)[] pages)
    {
        var profile = KernelBuildCatalog.Find("spartan-0.4")
            ?? throw new InvalidOperationException("the spartan-0.4 profile is not built in");
        var heap = new AreaRecord(1, HeapBase, HeapPages * 4096, AreaFlags.Read | AreaFlags.Write, AreaKind.Heap,
            AreaBacking.Anonymous, "heap");
        var task = new CanonicalTask(TaskId, "active", new HashSet<string> { "checkpointed" }, NextThreadId: 1,
            NextAreaId: 2, ThreadCount: 0, AreaCount: 1, HeapCursor: HeapBase, RngState: 1);

        using var file = File.Create(path);
        using var writer = ImageWriter.Create(file, profile.Stamp);
        writer.WriteCheckpoint(new CheckpointRecord([TaskId], KilledAfter: false));
        writer.WriteTask(new TaskRecord(TaskId, "big", "sieve", Hash256.Compute("sieve"u8), CanonicalCodec.EncodeTask(task, profile)));
        writer.WriteAreas(TaskId, [heap]);
        writer.WriteAreaMemory(TaskId, heap, pages.OrderBy(p => p.Page).Select(p => new PageData(p.Page, Content(p.Page, p.Version))));
        writer.Complete();
        return path;
    }

    private static byte[] Content(ulong page, byte version)
    {
        var bytes = new byte[4096];
        if (version != 0)
        {
            for (var i = 0; i < bytes.Length; i += 8)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i), (page << 16) ^ ((ulong)version << 8) ^ (ulong)i);
            }
        }

        return bytes;
    }
}
