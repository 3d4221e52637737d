namespace Snapshot.Format;

/// <summary>Section types of format 1.0. Values are stored as u32; other values may appear in newer images.</summary>
public enum SectionType : uint
{
    /// <summary>The checkpoint set: which tasks the image holds.</summary>
    Checkpoint = 0x0001,

    /// <summary>One task: ids, program, and the build's kernel task struct.</summary>
    Task = 0x0010,

    /// <summary>The address-space areas of one task.</summary>
    Areas = 0x0011,

    /// <summary>One thread: the build's kernel thread struct and kernel stack frame.</summary>
    Thread = 0x0012,

    /// <summary>Up to pages-per-chunk pages of one area.</summary>
    MemoryChunk = 0x0020,

    /// <summary>What snaprepair lost when it rebuilt the image (format 1.1); present exactly when the "repaired" feature bit is set.</summary>
    Repair = 0x0030,

    /// <summary>A signature over the header and every earlier section (format 1.1, non-critical); written just before the index.</summary>
    Signature = 0x0040,

    /// <summary>The table of contents, last section of the image.</summary>
    Index = 0x00F0,
}
