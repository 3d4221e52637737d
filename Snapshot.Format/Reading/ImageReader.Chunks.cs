using System.Buffers;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Pipelines;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format;

/// <summary>
/// Chunks: MEMCHUNK versions 1 and 2, and CHUNKREF (format 1.3), resolved in this image (ordinal 0) or in the attached
/// ancestors of an incremental image (ordinal k), so that a reference reads exactly like the chunk it stands for.
/// </summary>
public sealed partial class ImageReader
{
    private const string ReferenceSection = "CHUNKREF";

    private IReadOnlyList<ImageReader> _ancestors = [];

    /// <summary>The ancestors attached with <see cref="AttachAncestors"/>, nearest first (empty for a full image).</summary>
    public IReadOnlyList<ImageReader> Ancestors => _ancestors;

    /// <summary>
    /// Attaches the ancestor images of an incremental image, nearest first, as its PARENTS section lists them: a
    /// CHUNKREF with image ordinal k reads its target from <c>ancestors[k - 1]</c>. The caller (an image chain) has
    /// checked that they are the images PARENTS names; this reader does not dispose them. Call before reading chunks.
    /// </summary>
    public void AttachAncestors(IReadOnlyList<ImageReader> ancestors)
    {
        ArgumentNullException.ThrowIfNull(ancestors);
        if (ancestors.Count > ChunkReferenceSection.MaxImageOrdinal)
            throw new ArgumentException($"an image has at most {ChunkReferenceSection.MaxImageOrdinal} ancestors, not {ancestors.Count}", nameof(ancestors));
        if (ancestors.Any(a => a is null || ReferenceEquals(a, this)))
            throw new ArgumentException("an ancestor is missing or is the image itself", nameof(ancestors));
        _ancestors = [.. ancestors];
    }

    /// <summary>
    /// Reads and decodes one chunk: a MEMCHUNK (checking its CRC, declared sizes and, by default, its content and page
    /// hashes), or a CHUNKREF, which comes back as its target's pages with the reference's task, area, chunk index and
    /// present bitmap.
    /// </summary>
    /// <exception cref="SnapshotFormatException">The chunk or its target is malformed, or the target cannot be resolved.</exception>
    public MemoryChunk ReadChunk(IndexEntry entry, bool verifyContentHash = true)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Type switch
        {
            SectionType.MemoryChunk => ReadStoredChunk(entry, verifyContentHash),
            SectionType.ChunkReference => ReadReferencedChunk(entry, verifyContentHash),
            _ => throw new ArgumentException($"index entry is a {entry.SectionName} section, not a memory chunk", nameof(entry)),
        };
    }

    /// <summary>Reads the chunks (stored and referenced) of one area in index (file) order, which is ascending chunk index.</summary>
    public IEnumerable<MemoryChunk> ReadChunks(ulong taskId, uint areaId)
    {
        foreach (IndexEntry entry in AreaChunks(taskId, areaId))
            yield return ReadChunk(entry);
    }

    /// <summary>
    /// Like <see cref="ReadChunks"/>, but reads, decompresses and verifies on <paramref name="threads"/> workers
    /// (0: all cores) while the caller consumes the chunks in order; at most two chunks per worker are in flight, so
    /// memory stays bounded whatever the area's size. The first malformed chunk in order is the error reported.
    /// </summary>
    public IEnumerable<MemoryChunk> ReadChunksParallel(ulong taskId, uint areaId, int threads = 0) =>
        OrderedParallel.Map(AreaChunks(taskId, areaId), entry => ReadChunk(entry), threads);

    /// <summary>Reads a CHUNKREF section (CRC-checked, fields checked, identity equal to its index entry) without resolving it.</summary>
    public ChunkReference ReadChunkReference(IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Type != SectionType.ChunkReference)
            throw new ArgumentException($"index entry is a {entry.SectionName} section, not a chunk reference", nameof(entry));
        byte[] buffer = ReadSection(entry);
        try
        {
            ChunkReference reference = ChunkReferenceSection.Parse(buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength),
                entry.Offset + SectionLayout.HeaderLength, PagesPerChunk);
            if (reference.TaskId != entry.TaskId || reference.AreaId != entry.AreaId || reference.ChunkIndex != entry.ChunkIndex
                || reference.PresentBitmap != entry.PresentBitmap || reference.ContentHash != entry.ContentHash)
                FormatThrow.Invalid(ReferenceSection, entry.Offset, "the reference's identity, bitmap or hash differs from its index entry");
            return reference;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads a CHUNKREF and resolves its target by the index (this image, or an attached ancestor): the checks of
    /// <see cref="ReadChunk"/> without reading the target's bytes. For tools that copy references.
    /// </summary>
    internal ChunkReference ReadResolvedReference(IndexEntry entry)
    {
        ChunkReference reference = ReadChunkReference(entry);
        ResolveTarget(reference, entry);
        return reference;
    }

    /// <summary>
    /// The SHA-256 of each present page of a version 2 chunk (of a reference: of its target), in page order, read
    /// without the stored bytes: 68 + 32 × pages bytes. They are checked against the content hash in the CRC-checked
    /// index, so they are as trustworthy as a full read. Null for a version 1 chunk, which has no page hashes.
    /// </summary>
    public IReadOnlyList<Hash256>? ReadPageHashes(IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Type == SectionType.ChunkReference)
        {
            (ImageReader image, IndexEntry target) = ResolveTarget(ReadChunkReference(entry), entry);
            return image.ReadPageHashes(target);
        }
        if (entry.Type != SectionType.MemoryChunk)
            throw new ArgumentException($"index entry is a {entry.SectionName} section, not a memory chunk", nameof(entry));
        if (entry.Version < ChunkLayout.Version2)
            return null;

        int prefix = ChunkLayout.StoredOffset(entry.Version, entry.PresentPages);
        if (entry.PayloadLength < prefix || entry.Offset < HeaderLength || entry.Offset > Length)
            FormatThrow.Invalid(entry.SectionName, entry.Offset, $"index entry (offset 0x{entry.Offset:x}, length {entry.PayloadLength}) cannot hold a version 2 chunk");
        Span<byte> bytes = stackalloc byte[SectionLayout.HeaderLength + ChunkLayout.StoredOffset(ChunkLayout.Version2, 64)];
        bytes = bytes[..(SectionLayout.HeaderLength + prefix)];
        _file.Read(entry.Offset, bytes, entry.SectionName);
        SectionHeader actual = SectionHeader.Parse(bytes, entry.Offset, entry.SectionName);
        var expected = new SectionHeader(entry.Type, entry.Version, entry.Flags, entry.PayloadLength, entry.PayloadCrc);
        if (actual != expected)
            FormatThrow.Invalid(entry.SectionName, entry.Offset, $"section header ({actual.Name} v{actual.Version}, {actual.PayloadLength} bytes) differs from its index entry");
        long payloadOffset = entry.Offset + SectionLayout.HeaderLength;
        ReadOnlySpan<byte> payload = bytes[SectionLayout.HeaderLength..];
        ChunkHeader header = ChunkHeader.Parse(payload, entry.PayloadLength, payloadOffset, Header.Build.PageSize, PagesPerChunk, entry.Version);
        CheckIdentity(header, entry);
        ReadOnlySpan<byte> pageHashes = payload.Slice(ChunkLayout.PageHashesOffset, header.PageHashesLength);
        ChunkDecoder.VerifyPageHashes(header, pageHashes, [], payloadOffset);
        return Codecs.PageHashTree.ToList(pageHashes);
    }

    private IEnumerable<IndexEntry> AreaChunks(ulong taskId, uint areaId) =>
        Index.Where(entry => entry.IsChunk && entry.TaskId == taskId && entry.AreaId == areaId);

    private MemoryChunk ReadStoredChunk(IndexEntry entry, bool verifyContentHash)
    {
        byte[] buffer = ReadSection(entry);
        try
        {
            long payloadOffset = entry.Offset + SectionLayout.HeaderLength;
            ReadOnlySpan<byte> payload = buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength);
            ChunkHeader header = ChunkHeader.Parse(payload, payload.Length, payloadOffset, Header.Build.PageSize, PagesPerChunk, entry.Version);
            CheckIdentity(header, entry);
            return ChunkDecoder.Decode(header, payload, payloadOffset, PagesPerChunk, verifyContentHash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private MemoryChunk ReadReferencedChunk(IndexEntry entry, bool verifyContentHash)
    {
        ChunkReference reference = ReadChunkReference(entry);
        (ImageReader image, IndexEntry target) = ResolveTarget(reference, entry);
        return image.ReadStoredChunk(target, verifyContentHash).As(reference);
    }

    /// <summary>
    /// Finds a reference's target: a MEMCHUNK (never another reference) earlier in this image for ordinal 0, or in the
    /// attached ancestor for ordinal k, with the reference's page count and content hash.
    /// </summary>
    private (ImageReader Image, IndexEntry Target) ResolveTarget(ChunkReference reference, IndexEntry entry)
    {
        ImageReader image = this;
        if (reference.ImageOrdinal == 0)
        {
            if (reference.TargetOffset >= entry.Offset)
                FormatThrow.Invalid(ReferenceSection, entry.Offset,
                    $"the target offset 0x{reference.TargetOffset:x} does not lie before the reference (a reference into this image points back)");
        }
        else
        {
            if (reference.ImageOrdinal > _ancestors.Count)
                FormatThrow.Invalid(ReferenceSection, entry.Offset,
                    $"refers to ancestor image {reference.ImageOrdinal}, which is not attached (open the image with its parents: {_ancestors.Count} attached)");
            image = _ancestors[(int)reference.ImageOrdinal - 1];
        }
        string where = reference.ImageOrdinal == 0 ? "this image" : $"ancestor {reference.ImageOrdinal} ({image.Path})";
        IndexEntry? target = image.EntryAt(reference.TargetOffset);
        if (target is null)
            FormatThrow.Invalid(ReferenceSection, entry.Offset, $"no section starts at the target offset 0x{reference.TargetOffset:x} in {where}");
        if (target.Type != SectionType.MemoryChunk)
            FormatThrow.Invalid(ReferenceSection, entry.Offset,
                $"the target at offset 0x{reference.TargetOffset:x} in {where} is a {target.SectionName} section, not a MEMCHUNK");
        if (target.ContentHash != reference.ContentHash || target.PresentPages != reference.PresentPages)
            FormatThrow.Invalid(ReferenceSection, entry.Offset,
                $"the reference at 0x{entry.Offset:x} ({reference.PresentPages} pages, content hash {reference.ContentHash.Short}) does not match the MEMCHUNK at 0x{target.Offset:x} in {where} ({target.PresentPages} pages, content hash {target.ContentHash.Short})");
        return (image, target);
    }

    /// <summary>The index entry of the section at <paramref name="offset"/>, or null.</summary>
    internal IndexEntry? EntryAt(long offset) => IndexSearch.At(Index, offset);

    private static void CheckIdentity(ChunkHeader header, IndexEntry entry)
    {
        if (header.TaskId != entry.TaskId || header.AreaId != entry.AreaId || header.ChunkIndex != entry.ChunkIndex
            || header.PresentBitmap != entry.PresentBitmap || header.ContentHash != entry.ContentHash)
            FormatThrow.Invalid("MEMCHUNK", entry.Offset, "the chunk's identity, bitmap or hash differs from its index entry");
    }
}
