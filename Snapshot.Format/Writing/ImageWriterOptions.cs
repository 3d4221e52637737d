using Snapshot.Format.Layout;
using Snapshot.Format.Signing;

namespace Snapshot.Format;

/// <summary>Choices a writer makes; those a reader needs are recorded in the image.</summary>
public sealed record ImageWriterOptions
{
    /// <summary>zstd level, 1..19. Output is deterministic for a given level and libzstd version.</summary>
    public int CompressionLevel { get; init; } = 3;

    /// <summary>Pages per memory chunk, 1..64 (the present bitmap is 64 bits).</summary>
    public int PagesPerChunk { get; init; } = 64;

    /// <summary>
    /// Signs the image (format 1.1): a SIGNATURE section over the header and every section is written before
    /// the index. Null (the default) writes exactly the bytes of an unsigned image. The writer does not dispose it.
    /// </summary>
    public ImageSigner? Signer { get; init; }

    /// <summary>
    /// The image carries a checkpoint set's external state (format 1.2): the header gets the "external-state"
    /// incompatible bit, and the writer then requires <see cref="ImageWriter.WriteCooperation"/> and a TASK_IPC
    /// section per task. The header is written first, so this must be known up front. False (the default) writes
    /// exactly the bytes of a 1.0 (or signed 1.1) image.
    /// </summary>
    public bool HasExternalState { get; init; }

    /// <summary>
    /// The newest format the image may use. <see cref="FormatVersion.Current"/> (1.3, the default) writes MEMCHUNK
    /// version 2 (page hashes) and, with <see cref="Deduplicate"/>, stores identical chunks once (CHUNKREF). 1.0, 1.1
    /// and 1.2 write exactly the bytes a 1.2 writer wrote (version 1 chunks, no references), like qcow2's
    /// <c>compat=0.10</c>: for readers that predate 1.3 and for fixtures that must stay byte-identical. The minor the
    /// header states is still the lowest one that defines what the image holds.
    /// </summary>
    public FormatVersion Compatibility { get; init; } = FormatVersion.Current;

    /// <summary>
    /// Workers that hash and compress chunks while the caller's thread assembles and writes them; 0 (the default)
    /// means all cores, 1 does everything on the caller's thread. The bytes written never depend on it.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>
    /// Store a chunk whose content equals an earlier chunk of this image as a reference to it (format 1.3; ignored
    /// below). Decided in write order, so the output is the same for any <see cref="Threads"/>. Default true.
    /// </summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>True when the image may use the format 1.3 chunk encoding (version 2 chunks, references).</summary>
    internal bool WritesFormat13 => Compatibility >= FormatVersion.V1_3;

    /// <summary>
    /// The ancestors of an incremental image (format 1.3), nearest first: their image ids and file names, written as
    /// the PARENTS section right after the header, with the "parent-image" and "chunk-references" bits. Null (the
    /// default) writes a full image. Build the list with <see cref="Chains.ImageChain.ParentsForChild"/>.
    /// </summary>
    public IReadOnlyList<ParentImage>? Parents { get; init; }

    /// <summary>
    /// The image may hold areas stored by reference to the task's program (format 1.3, AREAS backing 3): the header
    /// gets the "program-reference" bit and <see cref="ImageWriter.WriteAreas"/> accepts <see cref="AreaBacking.ProgramReference"/>
    /// (such areas get no chunks). Needs <see cref="Compatibility"/> 1.3. False (the default) stores every area's pages.
    /// </summary>
    public bool ProgramReferences { get; init; }

    internal void Validate()
    {
        if (Compatibility < FormatVersion.V1_0 || Compatibility > FormatVersion.Current)
            throw new ArgumentOutOfRangeException(nameof(Compatibility), Compatibility, $"compatibility must be a format version from 1.0 to {FormatVersion.Current}");
        if (HasExternalState && Compatibility < FormatVersion.V1_2)
            throw new ArgumentException($"external state needs format 1.2; compatibility {Compatibility} cannot describe it", nameof(HasExternalState));
        if (Signer is not null && Compatibility < FormatVersion.V1_1)
            throw new ArgumentException($"a signature needs format 1.1; compatibility {Compatibility} cannot carry it", nameof(Signer));
        if (Threads < 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be 0 (all cores) or more");
        if (CompressionLevel is < 1 or > 19)
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel, "zstd level must be 1..19");
        if (PagesPerChunk is < 1 or > FormatLimits.MaxPagesPerChunk)
            throw new ArgumentOutOfRangeException(nameof(PagesPerChunk), PagesPerChunk, $"pages per chunk must be 1..{FormatLimits.MaxPagesPerChunk}");
    }
}
