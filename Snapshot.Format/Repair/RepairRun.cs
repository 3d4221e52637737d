using Snapshot.Format.Kernels;
using Snapshot.Format.Reading;

namespace Snapshot.Format.Repair;

/// <summary>
/// One repair of one file: the state its steps share. Split by concern: reading the fixed parts (Header), the
/// lenient walk (Scan), deciding what stays (Consistency), naming lost pages (Pages) and the output (Write).
/// </summary>
internal sealed partial class RepairRun
{
    private readonly ImageFile _file;
    private readonly string? _outputPath;
    private readonly RepairOptions _options;
    private readonly IProgress<double>? _progress;
    private readonly List<ScanItem> _items = [];

    // What the repair loses, in the order found; becomes RepairReport.Lost.
    private readonly List<LostSection> _lostSections = [];
    private readonly List<DroppedTask> _droppedTasks = [];
    private readonly List<LostPageRange> _lostPages = [];

    private ImageHeader? _header;
    private KernelBuildStamp? _build;
    private KernelBuildProfile? _profile;
    private bool _buildFromOption;
    private int _pagesPerChunk;
    private long _scanStart;
    private long _scanEnd;
    private long? _footerIndexOffset;
    private PartState _headerState = PartState.Intact;
    private PartState _footerState = PartState.Intact;
    private PartState _indexState = new(PartCondition.Missing, "no INDEX section found");
    private IReadOnlyList<IndexEntry>? _oldIndex;
    private bool _checkpointRebuilt;
    private bool _killedAfter;
    private List<TaskPlan> _kept = [];

    public RepairRun(ImageFile file, string? outputPath, RepairOptions options, IProgress<double>? progress)
    {
        _file = file;
        _outputPath = outputPath;
        _options = options;
        _progress = progress;
    }

    public RepairReport Execute()
    {
        _progress?.Report(0);
        try
        {
            ReadFixedParts();
            Scan();
            ClassifyIndex();
            DecideTasks();
            DecideExternalState();
            FindLostPages();
            RepairRecord? record = BuildRecord();
            if (record is not null)
                DiscardSignatures();
            bool written = false;
            if (_outputPath is not null)
            {
                Write(_outputPath, record);
                written = true;
            }
            _progress?.Report(1);
            return Report(written ? _outputPath : null, NothingLost ? RepairOutcome.NothingLost : RepairOutcome.Repaired, null, record);
        }
        catch (RepairRefusedException e)
        {
            return Report(null, RepairOutcome.Unrepairable, e.Refusal, null);
        }
    }

    /// <summary>
    /// A signature covers the exact sections of the image it signed. An output without losses is that image again
    /// (its SIGNATURE, carried like any non-critical section, still verifies); a marked output is not, so its
    /// signature is left out rather than carried as a claim it cannot keep.
    /// </summary>
    private void DiscardSignatures()
    {
        foreach (FoundSection signature in _items.OfType<FoundSection>().Where(s => s.Type == SectionType.Signature && s.Fate == SectionFate.Kept))
        {
            signature.Fate = SectionFate.Discarded;
            signature.Detail = "the signature covers the image before the repair, not the repaired image; sign the output again";
        }
    }

    private bool NothingLost => _lostSections.Count == 0 && _droppedTasks.Count == 0 && _lostPages.Count == 0;

    private RepairReport Report(string? output, RepairOutcome outcome, RepairRefusal? refusal, RepairRecord? record) => new(
        _file.Path, output, outcome, refusal, _build, _buildFromOption, _pagesPerChunk, _headerState, _indexState, _footerState,
        _checkpointRebuilt,
        [.. _items.OfType<FoundSection>().Select(s => new ScannedSection(s.Type, s.Offset, s.Header.PayloadLength,
            s.Header.PayloadCrc, s.TaskId, s.Fate, s.Detail))],
        [.. _kept.Select(plan => plan.TaskId)],
        new RepairRecord([.. _lostSections], [.. _droppedTasks], [.. _lostPages]),
        record);

    /// <summary>The REPAIR section to write: an earlier repair's record (kept first) followed by this repair's losses; null for a clean image.</summary>
    private RepairRecord? BuildRecord()
    {
        RepairRecord? earlier = _items.OfType<FoundSection>().FirstOrDefault(s => s.IsValid && s.Repair is not null)?.Repair;
        if (earlier is null && NothingLost)
            return null;
        return new RepairRecord(
            CapSections([.. earlier?.Sections ?? [], .. _lostSections.Select(l => l with { Reason = Clip(l.Reason) })]),
            [.. earlier?.Tasks ?? [], .. _droppedTasks.Select(t => t with
            {
                // Up to 65536 tasks: with many, each reason gets less room, so the whole record stays within bounds.
                Reason = Clip(t.Reason, _droppedTasks.Count > 1000 ? 64 : MaxReasonLength),
            })],
            CapPages([.. earlier?.Pages ?? [], .. _lostPages]));
    }

    // The REPAIR section is metadata (at most 16 MiB): a hostile input with a million damaged stretches must not
    // make it unwritable. Beyond these caps the record summarises; the report still lists everything.
    internal const int MaxRecordedSections = 10_000;
    internal const int MaxRecordedPageRanges = 100_000;
    private const int MaxReasonLength = 200;

    private static string Clip(string reason, int limit = MaxReasonLength) => reason.Length <= limit ? reason : reason[..(limit - 3)] + "...";

    /// <summary>Keeps the first entries and covers the rest with one entry spanning them.</summary>
    internal static List<LostSection> CapSections(List<LostSection> sections)
    {
        if (sections.Count <= MaxRecordedSections)
            return sections;
        List<LostSection> rest = sections[(MaxRecordedSections - 1)..];
        long start = rest.Min(l => l.Offset), end = rest.Max(l => l.Offset + l.Length);
        return [.. sections[..(MaxRecordedSections - 1)], new LostSection(LostSectionKind.UnreadableBytes, 0, start, end - start,
            $"{rest.Count} more losses in this range are not listed (a REPAIR section lists at most {MaxRecordedSections}); the repair report lists them all")];
    }

    /// <summary>Keeps the first ranges and widens the rest to one bound per task and area.</summary>
    internal static List<LostPageRange> CapPages(List<LostPageRange> pages)
    {
        if (pages.Count <= MaxRecordedPageRanges)
            return pages;
        IEnumerable<LostPageRange> widened = pages[(MaxRecordedPageRanges / 2)..]
            .GroupBy(r => (r.TaskId, r.AreaId))
            .Select(g => new LostPageRange(g.Key.TaskId, g.Key.AreaId, g.Min(r => r.FirstPage), g.Max(r => r.LastPage) - g.Min(r => r.FirstPage) + 1,
                g.First().Disposition, LossEvidence.Bound));
        return [.. pages[..(MaxRecordedPageRanges / 2)], .. widened];
    }

    private static RepairRefusedException Refuse(string section, long offset, string reason) =>
        new(new RepairRefusal(section, offset, reason));

    private void ReportProgress(long position)
    {
        if (_progress is not null && _file.Length > 0)
            _progress.Report(Math.Min(1.0, (double)position / _file.Length));
    }
}
