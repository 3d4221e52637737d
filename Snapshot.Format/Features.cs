namespace Snapshot.Format;

/// <summary>The feature bits this library knows, and their names.</summary>
public static class Features
{
    /// <summary>Bit 0 incompatible, "zstd": some chunks are zstd-compressed. Always set by 1.0 writers,
    /// because the header is written before any chunk is compressed.</summary>
    public const ulong IncompatZstd = 1;

    /// <summary>
    /// Bit 1 incompatible, "repaired" (format 1.1): snaprepair rebuilt the image and something was lost; the
    /// REPAIR section lists what. Like qcow2's "corrupt" bit, it makes readers that predate it refuse the image,
    /// and restore refuses it unless told to accept a repaired image.
    /// </summary>
    public const ulong IncompatRepaired = 2;

    /// <summary>
    /// Bit 2 incompatible, "external-state" (format 1.2): the checkpoint set holds external state (phones, calls,
    /// shared areas, cooperative connections, open files) in the TASK_IPC, CALLS, SHARED_AREAS, COOPERATION and
    /// FILES sections. A reader that predates them would restore tasks cut off from their peers, so it must refuse.
    /// </summary>
    public const ulong IncompatExternalState = 4;

    /// <summary>
    /// Bit 3 incompatible, "chunk-references" (format 1.3): the image may hold CHUNKREF sections, chunks whose bytes
    /// are stored once elsewhere (an identical earlier chunk of this image, or a chunk of an ancestor image). A reader
    /// that predates them would read those pages as zero, so it must refuse.
    /// </summary>
    public const ulong IncompatChunkReferences = 8;

    /// <summary>
    /// Bit 4 incompatible, "parent-image" (format 1.3): the image is incremental; its PARENTS section names the
    /// ancestor images (by image id) whose chunks it references. It cannot be read without them.
    /// </summary>
    public const ulong IncompatParentImage = 16;

    /// <summary>
    /// Bit 5 incompatible, "program-reference" (format 1.3): areas with backing 3 hold no chunks; their content is the
    /// task's program image, named and hashed in its TASK section. A reader that predates it would restore empty code.
    /// </summary>
    public const ulong IncompatProgramReference = 32;

    /// <summary>
    /// Bit 0 autoclear, "signed" (format 1.1): the SIGNATURE section was made over exactly this image. A tool that
    /// rewrites the image without re-signing it clears the bit (as it must for autoclear bits it does not know), so a
    /// signature carried over by such a tool is known to be stale.
    /// </summary>
    public const ulong AutoclearSigned = 1;

    /// <summary>
    /// Bit 1 autoclear, "summary" (format 1.3): the SUMMARY section describes exactly this image (its metadata
    /// sections and per-area chunk totals), so a reader may use it instead of the whole index. A tool that rewrites
    /// the image without writing a new summary clears the bit.
    /// </summary>
    public const ulong AutoclearSummary = 2;

    /// <summary>Every incompatible bit this reader understands.</summary>
    public const ulong KnownIncompatible = IncompatZstd | IncompatRepaired | IncompatExternalState | IncompatChunkReferences | IncompatParentImage
                                           | IncompatProgramReference;

    /// <summary>Every compatible bit this library knows (none in 1.0).</summary>
    public const ulong KnownCompatible = 0;

    /// <summary>Every autoclear bit this library knows.</summary>
    public const ulong KnownAutoclear = AutoclearSigned | AutoclearSummary;

    /// <summary>The name of a bit this library knows, or null.</summary>
    public static string? Name(FeatureKind kind, int bit) => (kind, bit) switch
    {
        (FeatureKind.Incompatible, 0) => "zstd",
        (FeatureKind.Incompatible, 1) => "repaired",
        (FeatureKind.Incompatible, 2) => "external-state",
        (FeatureKind.Incompatible, 3) => "chunk-references",
        (FeatureKind.Incompatible, 4) => "parent-image",
        (FeatureKind.Incompatible, 5) => "program-reference",
        (FeatureKind.Autoclear, 0) => "signed",
        (FeatureKind.Autoclear, 1) => "summary",
        _ => null,
    };

    /// <summary>The known bits of one kind.</summary>
    public static ulong Known(FeatureKind kind) => kind switch
    {
        FeatureKind.Incompatible => KnownIncompatible,
        FeatureKind.Compatible => KnownCompatible,
        FeatureKind.Autoclear => KnownAutoclear,
        _ => 0,
    };
}
