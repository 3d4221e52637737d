namespace Snapshot.Format;

/// <summary>Section types of format 1.3. Values are stored as u32; other values may appear in newer images.</summary>
public enum SectionType : uint
{
    /// <summary>The checkpoint set: which tasks the image holds.</summary>
    Checkpoint = 0x0001,

    /// <summary>The ancestor images of an incremental image, nearest first (format 1.3); right after the header.</summary>
    Parents = 0x0002,

    /// <summary>One task: ids, program, and the build's kernel task struct.</summary>
    Task = 0x0010,

    /// <summary>The address-space areas of one task.</summary>
    Areas = 0x0011,

    /// <summary>One thread: the build's kernel thread struct and kernel stack frame.</summary>
    Thread = 0x0012,

    /// <summary>The IPC state of one task: id counters and phones (format 1.2).</summary>
    TaskIpc = 0x0013,

    /// <summary>The pending calls of the checkpoint set, each laid out by the build's "call" struct (format 1.2).</summary>
    Calls = 0x0014,

    /// <summary>Memory shared between participants of the checkpoint set (format 1.2).</summary>
    SharedAreas = 0x0015,

    /// <summary>Policies, cooperative services, their exported connection states, outside tasks (format 1.2).</summary>
    Cooperation = 0x0016,

    /// <summary>The working directory and open files of one task (format 1.2).</summary>
    Files = 0x0017,

    /// <summary>Up to pages-per-chunk pages of one area.</summary>
    MemoryChunk = 0x0020,

    /// <summary>A chunk whose bytes are stored once elsewhere: an earlier identical chunk, or a chunk of an ancestor image (format 1.3).</summary>
    ChunkReference = 0x0021,

    /// <summary>What snaprepair lost when it rebuilt the image (format 1.1); present exactly when the "repaired" feature bit is set.</summary>
    Repair = 0x0030,

    /// <summary>A signature over the header and every earlier section (format 1.1, non-critical); written just before the index.</summary>
    Signature = 0x0040,

    /// <summary>Metadata section locations and per-area chunk totals, so a reader need not read the whole index (format 1.3, non-critical).</summary>
    Summary = 0x00F1,

    /// <summary>The table of contents, last section of the image.</summary>
    Index = 0x00F0,
}
