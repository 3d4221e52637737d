using Snapshot.Format.Chains;

namespace Snapshot.Format.Validation;

/// <summary>What the walk parsed successfully, kept with section offsets for cross-reference checks.</summary>
internal sealed class SectionModel
{
    public List<(CheckpointRecord Record, long Offset)> Checkpoints { get; } = [];
    public List<(TaskRecord Record, long Offset)> Tasks { get; } = [];
    public List<(ulong TaskId, IReadOnlyList<AreaRecord> Areas, long Offset)> Areas { get; } = [];
    public List<(ThreadRecord Record, long Offset)> Threads { get; } = [];

    /// <summary>Every chunk of an area whose fixed part parsed: MEMCHUNKs and (format 1.3) CHUNKREFs, told apart by the entry's type.</summary>
    public List<(IndexEntry Chunk, long Offset)> Chunks { get; } = [];

    /// <summary>The CHUNKREF sections that parsed (format 1.3), with their targets.</summary>
    public List<(ChunkReference Reference, long Offset)> References { get; } = [];

    /// <summary>
    /// References into ancestors (image ordinal ≥ 1): this image alone cannot say whether their targets exist. The
    /// chain checks (ValidationRun.Chain.cs) resolve them against the opened ancestors.
    /// </summary>
    public IEnumerable<(ChunkReference Reference, long Offset)> AncestorReferences => References.Where(r => r.Reference.ImageOrdinal > 0);

    /// <summary>The PARENTS sections that parsed (format 1.3): the ancestors, nearest first.</summary>
    public List<(IReadOnlyList<ParentImage> Parents, long Offset)> Parents { get; } = [];

    /// <summary>Every section in walk order (type, offset, task id), for ordering checks.</summary>
    public List<(SectionType Type, long Offset, ulong TaskId)> Order { get; } = [];

    public IReadOnlyList<IndexEntry>? Index { get; set; }
    public long IndexOffset { get; set; } = -1;
    public int SectionsAfterIndex { get; set; }

    /// <summary>The external-state sections that parsed (format 1.2).</summary>
    public List<(CooperationRecord Record, long Offset)> Cooperations { get; } = [];
    public List<(IReadOnlyList<SharedAreaRecord> Shares, long Offset)> SharedAreas { get; } = [];
    public List<(IReadOnlyList<CallRecord> Calls, long Offset)> Calls { get; } = [];
    public List<(TaskIpcRecord Record, long Offset)> TaskIpc { get; } = [];
    public List<(TaskFilesRecord Record, long Offset)> Files { get; } = [];

    /// <summary>Offsets of the REPAIR sections that parsed (format 1.1).</summary>
    public List<long> Repairs { get; } = [];
}
