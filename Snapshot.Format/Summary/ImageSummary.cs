using System.Numerics;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Summary;

/// <summary>
/// An image without its memory: every section that is not a memory section (MEMCHUNK, CHUNKREF), in file order, and
/// per area the totals of its memory sections. It is what the SUMMARY section stores (format 1.3), so the same value
/// comes from the summary or from the whole index, and the two can be compared.
/// </summary>
/// <param name="Sections">Index entries of the non-memory sections, in file order.</param>
/// <param name="Areas">One entry per area with memory sections, in the file order of each area's first one.</param>
public sealed record ImageSummary(IReadOnlyList<IndexEntry> Sections, IReadOnlyList<AreaMemorySummary> Areas)
{
    /// <summary>True for the sections whose entries a summary folds into per-area totals.</summary>
    public static bool IsMemorySection(SectionType type) => SectionNames.IsChunk(type);

    /// <summary>The summary of the sections <paramref name="index"/> lists (in file order), for pages of <paramref name="pageSize"/> bytes.</summary>
    public static ImageSummary FromIndex(IEnumerable<IndexEntry> index, uint pageSize)
    {
        ArgumentNullException.ThrowIfNull(index);
        var sections = new List<IndexEntry>();
        var slots = new Dictionary<(ulong TaskId, uint AreaId), int>();
        var areas = new List<AreaMemorySummary>();
        foreach (IndexEntry entry in index)
        {
            if (!IsMemorySection(entry.Type))
            {
                sections.Add(entry);
                continue;
            }

            bool isChunk = entry.Type == SectionType.MemoryChunk;
            int pages = BitOperations.PopCount(entry.PresentBitmap);
            long stored = isChunk ? Math.Max(0, entry.PayloadLength - StoredOffset(entry.Version, pages)) : 0;
            var key = (entry.TaskId, entry.AreaId);
            if (!slots.TryGetValue(key, out int slot))
            {
                slots.Add(key, areas.Count);
                areas.Add(new AreaMemorySummary(entry.TaskId, entry.AreaId, isChunk ? 1 : 0, isChunk ? 0 : 1,
                    entry.ChunkIndex, entry.ChunkIndex, pages, stored, (long)pages * pageSize, entry.Offset, entry.PayloadLength));
                continue;
            }

            AreaMemorySummary area = areas[slot];
            areas[slot] = area with
            {
                Chunks = area.Chunks + (isChunk ? 1 : 0),
                References = area.References + (isChunk ? 0 : 1),
                FirstChunk = Math.Min(area.FirstChunk, entry.ChunkIndex),
                LastChunk = Math.Max(area.LastChunk, entry.ChunkIndex),
                PagesPresent = area.PagesPresent + pages,
                StoredBytes = area.StoredBytes + stored,
                UncompressedBytes = area.UncompressedBytes + (long)pages * pageSize,
                FirstOffset = Math.Min(area.FirstOffset, entry.Offset),
                PayloadBytes = area.PayloadBytes + entry.PayloadLength,
            };
        }

        return new ImageSummary(sections, [.. areas.OrderBy(a => a.FirstOffset)]);
    }

    /// <summary>Where a chunk's stored bytes begin: after the fixed part and, from version 2 on, one SHA-256 per present page.</summary>
    private static int StoredOffset(ushort version, int pages) => ChunkLayout.DataOffset + (version >= 2 ? pages * Hash256.Size : 0);

    /// <summary>Equal sections and equal area totals, in the same order (records compare by value, lists by element).</summary>
    public bool SameAs(ImageSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Sections.SequenceEqual(other.Sections) && Areas.SequenceEqual(other.Areas);
    }
}
