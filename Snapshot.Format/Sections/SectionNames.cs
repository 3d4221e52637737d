using System.Globalization;

namespace Snapshot.Format;

/// <summary>Names of section types as they appear in messages ("THREAD", "MEMCHUNK", "0x0077").</summary>
public static class SectionNames
{
    /// <summary>The short upper-case name of a type; unknown types as hex.</summary>
    public static string Of(SectionType type) => type switch
    {
        SectionType.Checkpoint => "CHECKPOINT",
        SectionType.Parents => "PARENTS",
        SectionType.Task => "TASK",
        SectionType.Areas => "AREAS",
        SectionType.Thread => "THREAD",
        SectionType.TaskIpc => "TASK_IPC",
        SectionType.Calls => "CALLS",
        SectionType.SharedAreas => "SHARED_AREAS",
        SectionType.Cooperation => "COOPERATION",
        SectionType.Files => "FILES",
        SectionType.MemoryChunk => "MEMCHUNK",
        SectionType.ChunkReference => "CHUNKREF",
        SectionType.Repair => "REPAIR",
        SectionType.Signature => "SIGNATURE",
        SectionType.Summary => "SUMMARY",
        SectionType.Index => "INDEX",
        _ => string.Create(CultureInfo.InvariantCulture, $"0x{(uint)type:x4}"),
    };

    /// <summary>True for the sections of a checkpoint set's external state (format 1.2), present only with the "external-state" bit.</summary>
    public static bool IsExternalState(SectionType type) =>
        type is SectionType.TaskIpc or SectionType.Calls or SectionType.SharedAreas or SectionType.Cooperation or SectionType.Files;

    /// <summary>True for the sections that belong to one task: their payload starts with its u64 task id, which the index entry repeats.</summary>
    public static bool IsPerTask(SectionType type) =>
        type is SectionType.Task or SectionType.Areas or SectionType.Thread or SectionType.TaskIpc or SectionType.Files;

    /// <summary>True for the chunk sections: MEMCHUNK and (format 1.3) CHUNKREF, the sections that hold an area's pages.</summary>
    public static bool IsChunk(SectionType type) => type is SectionType.MemoryChunk or SectionType.ChunkReference;

    /// <summary>True for the (type, version) pairs that this library reads: version 1 of every type, and MEMCHUNK version 2 (format 1.3).</summary>
    public static bool IsKnown(SectionType type, ushort version) => (version == 1 || (version == 2 && type == SectionType.MemoryChunk)) && type switch
    {
        SectionType.ChunkReference => true,
        SectionType.Checkpoint or SectionType.Parents or SectionType.Task or SectionType.Areas or SectionType.Thread
            or SectionType.MemoryChunk or SectionType.Repair or SectionType.Index => true,
        _ when IsExternalState(type) => true,
        _ => false,
    };
}
