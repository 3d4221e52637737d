using Snapshot.Format.Sections;

namespace Snapshot.Format.Repair;

/// <summary>
/// A section found by its sync marker whose section header CRC verified. <see cref="Damage"/> is null when its
/// payload CRC verified and the payload parsed; then exactly one of the content properties is set.
/// </summary>
internal sealed class FoundSection(long offset, long length, SectionHeader header) : ScanItem(offset, length)
{
    public SectionHeader Header { get; } = header;

    public SectionType Type => Header.Type;

    public string Name => Header.Name;

    public string? Damage { get; set; }

    public bool IsValid => Damage is null;

    /// <summary>A type this library does not know (carried over when non-critical and CRC-valid).</summary>
    public bool IsUnknown => !SectionNames.IsKnown(Header.Type, Header.Version);

    public CheckpointRecord? Checkpoint { get; set; }

    public TaskRecord? Task { get; set; }

    public IReadOnlyList<AreaRecord>? Areas { get; set; }

    public ThreadRecord? Thread { get; set; }

    /// <summary>
    /// A valid chunk's fixed fields; for a damaged chunk, its unverified fields when they parse. A CHUNKREF (format 1.3)
    /// has its identity here too (task, area, chunk index, bitmap, content hash), so that it counts as the chunk it
    /// stands for, and the reference itself in <see cref="Reference"/>.
    /// </summary>
    public ChunkHeader? Chunk { get; set; }

    /// <summary>A CHUNKREF's fields (format 1.3).</summary>
    public ChunkReference? Reference { get; set; }

    public RepairRecord? Repair { get; set; }

    /// <summary>The external-state sections (format 1.2), each parsed; TASK_IPC and FILES also set <see cref="TaskId"/>.</summary>
    public CooperationRecord? Cooperation { get; set; }

    public IReadOnlyList<SharedAreaRecord>? SharedAreas { get; set; }

    public IReadOnlyList<CallRecord>? Calls { get; set; }

    public TaskIpcRecord? TaskIpc { get; set; }

    public TaskFilesRecord? Files { get; set; }

    public IReadOnlyList<IndexEntry>? IndexEntries { get; set; }

    /// <summary>The task a valid section belongs to (TASK, AREAS, THREAD, TASK_IPC, FILES, MEMCHUNK).</summary>
    public ulong? TaskId { get; set; }

    public SectionFate Fate { get; set; } = SectionFate.Kept;

    public string? Detail { get; set; }
}
