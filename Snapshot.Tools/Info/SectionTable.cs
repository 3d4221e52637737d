using Snapshot.Format;
using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Info;

/// <summary>The section table snapinfo shows: from the index of a file, or reconstructed from a stream's contents.</summary>
internal static class SectionTable
{
    /// <summary>Every section the index lists, in file order.</summary>
    public static IReadOnlyList<SectionInfo> FromIndex(IReadOnlyList<IndexEntry> index) =>
        [.. index.OrderBy(entry => entry.Offset).Select(entry => new SectionInfo(
            SectionNames.Of(entry.Type),
            Notation.TypeCode((uint)entry.Type),
            entry.Version,
            FlagNames(entry.Flags),
            Notation.Offset(entry.Offset),
            entry.PayloadLength,
            Notation.Crc(entry.PayloadCrc),
            BelongsToTask(entry.Type) ? entry.TaskId : null,
            entry.Type == SectionType.MemoryChunk ? entry.AreaId : null,
            entry.Type == SectionType.MemoryChunk ? entry.ChunkIndex : null))];

    /// <summary>
    /// The sections a stream must have held, in the order the writer emits them, identified by what they
    /// describe. ImageStreamReader does not report section frames, so version, flags, offset, length and CRC
    /// are unknown (null) here.
    /// </summary>
    public static IReadOnlyList<SectionInfo> FromContents(ImageMetadata metadata, IReadOnlyList<ChunkSummary> chunks)
    {
        var rows = new List<SectionInfo> { Row(SectionType.Checkpoint, null, null, null) };
        foreach (var task in metadata.Tasks)
        {
            var taskId = task.Task.TaskId;
            rows.Add(Row(SectionType.Task, taskId, null, null));
            rows.Add(Row(SectionType.Areas, taskId, null, null));
            rows.AddRange(task.Threads.Select(_ => Row(SectionType.Thread, taskId, null, null)));
            rows.AddRange(chunks.Where(chunk => chunk.TaskId == taskId)
                .Select(chunk => Row(SectionType.MemoryChunk, taskId, chunk.AreaId, chunk.ChunkIndex)));
        }

        return rows;
    }

    // Image-wide sections (CHECKPOINT, and types this tool does not know) carry no task id.
    private static bool BelongsToTask(SectionType type) =>
        type is SectionType.Task or SectionType.Areas or SectionType.Thread or SectionType.MemoryChunk;

    private static SectionInfo Row(SectionType type, ulong? taskId, uint? areaId, uint? chunkIndex) =>
        new(SectionNames.Of(type), Notation.TypeCode((uint)type), null, null, null, null, null, taskId, areaId, chunkIndex);

    private static string[] FlagNames(SectionFlags flags)
    {
        var names = new List<string>();
        if (flags.HasFlag(SectionFlags.Critical))
        {
            names.Add("critical");
        }

        var unknown = (ushort)(flags & ~SectionFlags.Critical);
        if (unknown != 0)
        {
            names.Add(Notation.Hex(unknown));
        }

        return [.. names];
    }
}
