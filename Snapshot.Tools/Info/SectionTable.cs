using Snapshot.Format;
using Snapshot.Format.Summary;
using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Info;

/// <summary>The section table snapinfo shows: from the index of a file, or from the frames a stream reported as they passed.</summary>
internal static class SectionTable
{
    /// <summary>Every section of <paramref name="index"/> (index entries, a summary's or a stream's frames), in file order.</summary>
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
            ImageSummary.IsMemorySection(entry.Type) ? entry.AreaId : null,
            ImageSummary.IsMemorySection(entry.Type) ? entry.ChunkIndex : null))];

    // Image-wide sections (CHECKPOINT, COOPERATION, CALLS, …, and types this tool does not know) carry no task id.
    private static bool BelongsToTask(SectionType type) => SectionNames.IsPerTask(type) || ImageSummary.IsMemorySection(type);

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
