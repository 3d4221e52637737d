using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Upgrade;

/// <summary>
/// The build-independent state an image holds: each task's and thread's canonical form (decoded with the image's
/// own profile), its areas and its memory (chunk identities, bitmaps and content hashes). Two images of
/// different builds hold the same state exactly when these are equal; the task's "restored" flag is left out,
/// since it records history, not state.
/// </summary>
internal static class CanonicalState
{
    public static string Of(string path)
    {
        using var reader = ImageReader.Open(path);
        var profile = KernelBuildCatalog.Find(reader.Header.Build.BuildId)
            ?? throw new InvalidOperationException($"{path}: no profile for build {reader.Header.Build.Display}");
        var lines = new List<string>();
        foreach (var task in reader.ReadMetadata().Tasks)
        {
            var canonical = CanonicalCodec.DecodeTask(task.Task, profile);
            var flags = string.Join(",", canonical.Flags.Where(flag => flag != "restored").Order(StringComparer.Ordinal));
            lines.Add($"task {canonical.TaskId} {canonical.State} [{flags}] threads {canonical.NextThreadId}/{canonical.ThreadCount} "
                      + $"areas {canonical.NextAreaId}/{canonical.AreaCount} heap 0x{canonical.HeapCursor:x} rng 0x{canonical.RngState:x} {Extensions(canonical.Extensions)}");
            lines.AddRange(task.Areas.Select(area => $"  area {area}"));
            foreach (var thread in task.Threads.Select(record => CanonicalCodec.DecodeThread(record, profile)))
            {
                lines.Add($"  thread {thread.ThreadId} {thread.State} [{string.Join(",", thread.Flags.Order(StringComparer.Ordinal))}] "
                          + $"quantum {thread.QuantumLeft} rank {thread.Rank} stack {thread.StackAreaId} at {thread.StopSite} "
                          + $"pc 0x{thread.Registers.Pc:x} sp 0x{thread.Registers.Sp:x} flags 0x{thread.Registers.Flags:x} tls 0x{thread.Registers.Tls:x} "
                          + $"r [{string.Join(" ", thread.Registers.R.Select(r => r.ToString("x")))}] "
                          + (thread.Syscall is { } s ? $"{s.Name}({string.Join(",", s.Args)}) restart {s.Restart}" : "no syscall")
                          + " " + Extensions(thread.Extensions));
            }
        }

        lines.AddRange(reader.Index
            .Where(entry => entry.Type == SectionType.MemoryChunk)
            .Select(entry => $"  chunk {entry.TaskId}/{entry.AreaId}/{entry.ChunkIndex} {entry.PresentBitmap:x16} {entry.ContentHash}"));
        return string.Join("\n", lines);
    }

    private static string Extensions(IReadOnlyDictionary<string, ulong> extensions) =>
        string.Join(",", extensions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
