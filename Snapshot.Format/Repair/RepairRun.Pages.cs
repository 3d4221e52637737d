using System.Numerics;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Repair;

internal sealed partial class RepairRun
{
    /// <summary>Where a section sits in the order a writer stores sections (format §7); compared as a tuple.</summary>
    private readonly record struct WriterPosition(long Task, int Phase, ulong Major, ulong Minor) : IComparable<WriterPosition>
    {
        public static readonly WriterPosition First = new(long.MinValue, 0, 0, 0);
        public static readonly WriterPosition Last = new(long.MaxValue, 0, 0, 0);

        public const int TaskPhase = 0, AreasPhase = 1, ThreadPhase = 2, ChunkPhase = 3;

        public int CompareTo(WriterPosition other)
        {
            int c = Task.CompareTo(other.Task);
            if (c == 0) c = Phase.CompareTo(other.Phase);
            if (c == 0) c = Major.CompareTo(other.Major);
            return c != 0 ? c : Minor.CompareTo(other.Minor);
        }
    }

    private readonly Dictionary<ScanItem, string> _notes = [];

    /// <summary>
    /// Names the pages the kept tasks lost: exactly, from a CRC-valid old index or from a damaged chunk's own
    /// fields; otherwise, for unreadable bytes and a cut-off end, as a bound from the order a writer stores chunks
    /// in. Then lists the lost sections in file order.
    /// </summary>
    private void FindLostPages()
    {
        var recovered = new HashSet<(ulong, uint, uint)>();
        foreach (TaskPlan plan in _kept)
        {
            foreach (FoundSection chunk in plan.Chunks)
                recovered.Add((plan.TaskId, chunk.Chunk!.Value.AreaId, chunk.Chunk.Value.ChunkIndex));
        }
        var ranges = new List<(TaskPlan Plan, int Area, LostPageRange Range)>();
        var named = new HashSet<(ulong, uint, uint)>();
        PageDisposition disposition = _options.ZeroDamaged ? PageDisposition.ZeroFilled : PageDisposition.Dropped;

        void AddChunk(TaskPlan plan, uint areaId, uint chunkIndex, ulong bitmap, LossEvidence evidence)
        {
            int ordinal = plan.AreaOrdinal(areaId);
            AreaRecord? area = ordinal < 0 ? null : plan.AreaList[ordinal];
            ulong first = (ulong)chunkIndex * (ulong)_pagesPerChunk;
            if (area is null || recovered.Contains((plan.TaskId, areaId, chunkIndex)) || !named.Add((plan.TaskId, areaId, chunkIndex))
                || first + (ulong)(63 - BitOperations.LeadingZeroCount(bitmap)) >= area.Size / _build!.PageSize)
                return;
            foreach ((int start, int count) in Runs(bitmap))
                ranges.Add((plan, ordinal, new LostPageRange(plan.TaskId, areaId, first + (ulong)start, (ulong)count, disposition, evidence)));
        }

        Dictionary<ulong, TaskPlan> kept = _kept.ToDictionary(p => p.TaskId);
        foreach (IndexEntry entry in _oldIndex ?? [])
        {
            if (entry.IsChunk && kept.TryGetValue(entry.TaskId, out TaskPlan? plan) && entry.PresentBitmap != 0)
                AddChunk(plan, entry.AreaId, entry.ChunkIndex, entry.PresentBitmap, LossEvidence.Index);
        }
        var holders = new List<ScanItem>();
        foreach (ScanItem item in _items)
        {
            if (item is UnreadableBytes { WasIndex: false })
            {
                holders.Add(item);
            }
            else if (item is FoundSection { IsValid: false, Type: SectionType.MemoryChunk or SectionType.ChunkReference } damaged)
            {
                if (damaged.Chunk is { } c && kept.TryGetValue(c.TaskId, out TaskPlan? plan) && plan.AreaOrdinal(c.AreaId) >= 0
                    && !recovered.Contains((c.TaskId, c.AreaId, c.ChunkIndex)))
                    AddChunk(plan, c.AreaId, c.ChunkIndex, c.PresentBitmap, LossEvidence.ChunkHeader);
                else
                    holders.Add(item);
            }
        }
        // A file cut exactly between sections leaves no trace of the cut but the missing index and footer.
        bool cutAtBoundary = _indexState.Condition == PartCondition.Missing && _footerState.Condition == PartCondition.Missing;
        if (_oldIndex is null)
            BoundUnknownHolders(holders, cutAtBoundary, recovered, named, disposition, ranges);

        foreach (var group in ranges.OrderBy(r => r.Plan.Ordinal).ThenBy(r => r.Area).ThenBy(r => r.Range.FirstPage)
                     .GroupBy(r => (r.Plan.Ordinal, r.Area)))
            _lostPages.AddRange(Merge(group.Select(r => r.Range)));
        CollectLostSections();
    }

    private void BoundUnknownHolders(List<ScanItem> holders, bool cutAtBoundary, HashSet<(ulong, uint, uint)> recovered,
        HashSet<(ulong, uint, uint)> named, PageDisposition disposition, List<(TaskPlan Plan, int Area, LostPageRange Range)> ranges)
    {
        var positions = new List<(ScanItem Item, WriterPosition Position)>();
        foreach (ScanItem item in _items)
        {
            if (PositionOf(item) is { } position)
                positions.Add((item, position));
        }
        bool writerOrder = positions.Zip(positions.Skip(1)).All(pair => pair.First.Position.CompareTo(pair.Second.Position) <= 0);
        if (cutAtBoundary)
            holders.Add(new UnreadableBytes(_scanEnd, 0, "end of file"));
        foreach (ScanItem holder in holders)
        {
            if (!writerOrder)
            {
                _notes[holder] = "the sections are not in writer order, so the pages these bytes may have held cannot be bounded";
                continue;
            }
            // The holder's neighbours in the file; in writer order, only chunks between them can have been lost in it.
            int next = positions.FindIndex(p => p.Item.Offset > holder.Offset);
            if (next < 0)
                next = positions.Count;
            WriterPosition before = next > 0 ? positions[next - 1].Position : WriterPosition.First;
            WriterPosition after = next < positions.Count ? positions[next].Position : WriterPosition.Last;
            int count = ranges.Count;
            foreach (TaskPlan plan in _kept)
            {
                if (plan.Ordinal < before.Task || plan.Ordinal > after.Task)
                    continue;
                for (int ordinal = 0; ordinal < plan.AreaList.Count; ordinal++)
                {
                    if (ChunkInterval(plan, ordinal, before, after) is not (var lo, var hi))
                        continue;
                    AreaRecord area = plan.AreaList[ordinal];
                    ulong areaPages = area.Size / _build!.PageSize;
                    ulong first = lo * (ulong)_pagesPerChunk;
                    ulong end = Math.Min((hi + 1) * (ulong)_pagesPerChunk, areaPages);
                    if (end > first)
                        ranges.Add((plan, ordinal, new LostPageRange(plan.TaskId, area.AreaId, first, end - first, disposition, LossEvidence.Bound)));
                }
            }
            if (ranges.Count == count && holder.Length > 0)
                _notes[holder] = "no memory chunk can have been stored here, given the order of the sections around it";
        }
    }

    /// <summary>The chunk indexes of an area whose writer position lies strictly between two positions, or null.</summary>
    private (ulong Lo, ulong Hi)? ChunkInterval(TaskPlan plan, int areaOrdinal, WriterPosition before, WriterPosition after)
    {
        AreaRecord area = plan.AreaList[areaOrdinal];
        ulong areaPages = area.Size / _build!.PageSize;
        if (areaPages == 0)
            return null;
        ulong lastChunk = (areaPages - 1) / (ulong)_pagesPerChunk;
        var areaStart = new WriterPosition(plan.Ordinal, WriterPosition.ChunkPhase, (ulong)areaOrdinal, 0);
        var areaEnd = areaStart with { Minor = lastChunk };
        ulong lo = 0, hi = lastChunk;
        if (before.CompareTo(areaEnd) >= 0)
            return null;
        if (before.CompareTo(areaStart) >= 0)
            lo = before.Minor + 1;
        if (after.CompareTo(areaStart) <= 0)
            return null;
        if (after.CompareTo(areaEnd) <= 0)
            hi = after.Minor - 1;
        return lo <= hi ? (lo, hi) : null;
    }

    /// <summary>The writer position of an item whose identity is known (kept or dropped sections of planned tasks), or null.</summary>
    private WriterPosition? PositionOf(ScanItem item)
    {
        if (item is not FoundSection section)
            return null;
        if (section.Type == SectionType.Repair)
            return new WriterPosition(-2, 0, 0, 0);
        if (section.Type == SectionType.Checkpoint)
            return new WriterPosition(-1, 0, 0, 0);
        if (section.Type == SectionType.Index)
            return WriterPosition.Last;
        ulong? taskId = section.IsValid ? section.TaskId : section.Chunk?.TaskId;
        TaskPlan? plan = taskId is { } id ? _plans.FirstOrDefault(p => p.TaskId == id) : null;
        if (plan is null || section.Fate == SectionFate.Duplicate)
            return null;
        return section.Type switch
        {
            SectionType.Task when section.IsValid => new WriterPosition(plan.Ordinal, WriterPosition.TaskPhase, 0, 0),
            SectionType.Areas when section.IsValid => new WriterPosition(plan.Ordinal, WriterPosition.AreasPhase, 0, 0),
            SectionType.Thread when section.IsValid => new WriterPosition(plan.Ordinal, WriterPosition.ThreadPhase, section.Thread!.ThreadId, 0),
            SectionType.MemoryChunk or SectionType.ChunkReference when section.Chunk is { } chunk && plan.AreaOrdinal(chunk.AreaId) is var ordinal and >= 0 =>
                new WriterPosition(plan.Ordinal, WriterPosition.ChunkPhase, (ulong)ordinal, section.Chunk.Value.ChunkIndex),
            _ => null,
        };
    }

    /// <summary>Runs of set bits: (first bit, length).</summary>
    private static IEnumerable<(int Start, int Count)> Runs(ulong bitmap)
    {
        int bit = 0;
        while (bit < 64)
        {
            if ((bitmap & (1UL << bit)) == 0)
            {
                bit++;
                continue;
            }
            int start = bit;
            while (bit < 64 && (bitmap & (1UL << bit)) != 0)
                bit++;
            yield return (start, bit - start);
        }
    }

    /// <summary>Merges touching or overlapping ranges of one area with the same disposition and evidence (input sorted by first page).</summary>
    private static IEnumerable<LostPageRange> Merge(IEnumerable<LostPageRange> sorted)
    {
        LostPageRange? current = null;
        foreach (LostPageRange range in sorted)
        {
            if (current is not null && current.Evidence == range.Evidence && range.FirstPage <= current.FirstPage + current.PageCount)
            {
                ulong end = Math.Max(current.FirstPage + current.PageCount, range.FirstPage + range.PageCount);
                current = current with { PageCount = end - current.FirstPage };
                continue;
            }
            if (current is not null)
                yield return current;
            current = range;
        }
        if (current is not null)
            yield return current;
    }

    /// <summary>Every dropped section and every unreadable stretch, in file order, after the header's entry if any.</summary>
    private void CollectLostSections()
    {
        foreach (ScanItem item in _items)
        {
            string? note = _notes.GetValueOrDefault(item);
            switch (item)
            {
                case UnreadableBytes { WasIndex: false } bytes:
                    _lostSections.Add(new LostSection(LostSectionKind.UnreadableBytes, 0, bytes.Offset, bytes.Length,
                        $"{bytes.Reason}; what these bytes held is not known" + (note is null ? "" : $" ({note})")));
                    break;
                case FoundSection { Fate: SectionFate.Dropped } section:
                    _lostSections.Add(new LostSection(LostSectionKind.Section, section.Type, section.Offset, section.Length,
                        section.Detail! + (note is null ? "" : $" ({note})")));
                    break;
            }
        }
    }
}
