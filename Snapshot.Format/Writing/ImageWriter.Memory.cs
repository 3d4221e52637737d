using System.Buffers;
using System.Numerics;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Pipelines;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;
using Snapshot.Format.Writing;

namespace Snapshot.Format;

/// <summary>
/// Memory: chunks are assembled on the caller's thread, hashed and compressed on <see cref="ImageWriterOptions.Threads"/>
/// workers through a bounded window, and written in order; deduplication (format 1.3) is decided in write order, so
/// the bytes never depend on the thread count.
/// </summary>
public sealed partial class ImageWriter
{
    /// <summary>Chunks in flight per worker: enough to keep every worker busy while the caller writes, little memory.</summary>
    private const int ChunksInFlightPerWorker = 2;

    private readonly HashSet<(ulong TaskId, uint AreaId)> _areasWithMemory = [];
    private readonly Dictionary<(ulong TaskId, uint AreaId), ulong> _areaPages = [];
    private readonly Dictionary<(ulong TaskId, uint AreaId), uint> _lastChunkIndex = [];
    private readonly Dictionary<Hash256, StoredChunk> _firstChunkByHash = [];

    /// <summary>The index entries of the sections written so far, in file order (tests, and tools that point references at them).</summary>
    internal IReadOnlyList<IndexEntry> WrittenSections => _index;

    /// <summary>
    /// Writes the pages of one area as memory chunks. Pages come in ascending <see cref="PageData.PageIndex"/>
    /// order, each exactly one page long; all-zero pages are elided (a missing page reads as zero).
    /// </summary>
    public void WriteAreaMemory(ulong taskId, AreaRecord area, IEnumerable<PageData> pages) => WriteAreaMemory(taskId, area, pages, []);

    /// <summary>
    /// Writes one area's chunks: those holding <paramref name="pages"/> are stored, and each of
    /// <paramref name="references"/> (format 1.3: an unchanged chunk of an incremental image, stored by an ancestor)
    /// is written as a CHUNKREF, all interleaved in ascending chunk index. Pages ascend and are exactly one page long;
    /// all-zero pages are elided. A chunk is either stored or referenced: no page may fall in a referenced chunk.
    /// References ascend by chunk index, name this task and area, and follow the rules of
    /// <see cref="WriteChunkReference"/>.
    /// </summary>
    public void WriteAreaMemory(ulong taskId, AreaRecord area, IEnumerable<PageData> pages, IEnumerable<ChunkReference> references)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(references);
        RequireArea(taskId, area.AreaId);
        EnsureStoresPages(taskId, area.AreaId);
        if (!_areasWithMemory.Add((taskId, area.AreaId)))
            throw new InvalidOperationException($"the memory of area {area.AreaId} of task {taskId} was already written");
        _tasksWithMemory.Add(taskId);

        int workers = _options.Threads == 0 ? OrderedParallel.AllCores : _options.Threads;
        ushort version = _options.WritesFormat13 ? ChunkLayout.Version2 : ChunkLayout.Version1;
        IEnumerable<AreaChunk> encoded = OrderedParallel.Map(
            Assemble(taskId, area, pages, references),
            item => item.Pending is { } pending ? new AreaChunk(ChunkEncoder.Encode(pending, version, _compressors)) : item,
            workers, workers * ChunksInFlightPerWorker);
        foreach (AreaChunk item in encoded)
        {
            if (item.Encoded is { } chunk)
                WriteEncoded(chunk);
            else
                WriteReference(item.Reference!);
        }
    }

    /// <summary>
    /// Writes a CHUNKREF (format 1.3): chunk <paramref name="chunkIndex"/> of the area holds the pages of the MEMCHUNK
    /// at <paramref name="targetOffset"/> in image <paramref name="ordinal"/> (0: this image, an earlier chunk; k ≥ 1:
    /// the k-th ancestor of PARENTS, nearest first). The target must be a MEMCHUNK, never another reference, with the
    /// same number of present pages and <paramref name="contentHash"/>; the writer checks that for this image, the
    /// reader checks it for ancestors. The area must have been written in an AREAS section, and the chunks of an area
    /// (stored or referenced) must come in ascending chunk index.
    /// </summary>
    public void WriteChunkReference(ulong taskId, uint areaId, uint chunkIndex, ulong presentBitmap, Hash256 contentHash, uint ordinal,
                                    long targetOffset)
    {
        var reference = new ChunkReference(taskId, areaId, chunkIndex, presentBitmap, contentHash, ordinal, targetOffset);
        RequireArea(taskId, areaId);
        CheckReference(reference);
        _tasksWithMemory.Add(taskId);
        WriteReference(reference);
    }

    /// <summary>
    /// Copies a memory chunk payload that another image stored, byte for byte (a repair or an upgrade keeps the
    /// original compression and hashes). The caller has checked the payload and gives its MEMCHUNK
    /// <paramref name="version"/>; its area must have been written, and chunks of an area must come in ascending chunk
    /// index, as <see cref="WriteAreaMemory(ulong, AreaRecord, IEnumerable{PageData})"/> writes them.
    /// </summary>
    internal void WriteStoredChunk(ulong taskId, uint areaId, uint chunkIndex, ulong presentBitmap, Hash256 contentHash,
                                   ReadOnlySpan<byte> payload, ushort version = ChunkLayout.Version1)
    {
        RequireArea(taskId, areaId);
        _tasksWithMemory.Add(taskId);
        NextChunk(taskId, areaId, chunkIndex);
        var header = new SectionHeader(SectionType.MemoryChunk, version, SectionFlags.Critical, payload.Length, Crc32C.Compute(payload));
        RememberChunk(contentHash, BitOperations.PopCount(presentBitmap), version);
        AddIndexEntry(new IndexEntry(header.Type, header.Version, header.Flags, _position, header.PayloadLength,
            header.PayloadCrc, taskId, areaId, chunkIndex, presentBitmap, contentHash), payload);
        WriteFramed(header, payload);
    }

    /// <summary>
    /// Copies a reference another image holds (repair, upgrade). A reference into an ancestor is copied verbatim (the
    /// ancestor did not move); one into the source image itself is pointed at the chunk of this output with its
    /// content hash, which the copy wrote earlier. False, writing nothing, when there is no such chunk (a repair lost it).
    /// </summary>
    internal bool TryWriteStoredReference(ChunkReference reference)
    {
        RequireArea(reference.TaskId, reference.AreaId);
        if (reference.ImageOrdinal == 0)
        {
            if (!_firstChunkByHash.TryGetValue(reference.ContentHash, out StoredChunk target) || target.PresentPages != reference.PresentPages)
                return false;
            reference = reference with { TargetOffset = target.Offset };
        }
        CheckReference(reference);
        _tasksWithMemory.Add(reference.TaskId);
        WriteReference(reference);
        return true;
    }

    /// <summary>Chunks of one area, in chunk order: pages gathered into pending chunks, references merged in between.</summary>
    private IEnumerable<AreaChunk> Assemble(ulong taskId, AreaRecord area, IEnumerable<PageData> pages, IEnumerable<ChunkReference> references)
    {
        int pageSize = (int)_build.PageSize;
        int perChunk = _options.PagesPerChunk;
        ulong areaPages = area.Size / _build.PageSize;
        using IEnumerator<ChunkReference> referenced = references.GetEnumerator();
        ChunkReference? nextReference = NextReference(referenced, taskId, area.AreaId, null);

        byte[]? buffer = null;
        try
        {
            long currentChunk = -1;
            ulong bitmap = 0;
            int filled = 0;
            ulong? previous = null;
            foreach (PageData page in pages)
            {
                if (previous is { } p && page.PageIndex <= p)
                    throw new ArgumentException($"page {page.PageIndex} follows page {p}: pages must ascend", nameof(pages));
                if (page.PageIndex >= areaPages)
                    throw new ArgumentException($"page {page.PageIndex} lies outside area {area.AreaId} ({areaPages} pages)", nameof(pages));
                if (page.Bytes.Length != pageSize)
                    throw new ArgumentException($"page {page.PageIndex} is {page.Bytes.Length} bytes, not {pageSize}", nameof(pages));
                previous = page.PageIndex;

                ulong chunkNumber = page.PageIndex / (ulong)perChunk;
                if (chunkNumber > uint.MaxValue)
                    throw new ArgumentException($"page {page.PageIndex} needs chunk index {chunkNumber}, beyond the format's 32-bit chunk index", nameof(pages));
                long chunkIndex = (long)chunkNumber;
                if (chunkIndex != currentChunk)
                {
                    if (bitmap != 0)
                    {
                        yield return new AreaChunk(new PendingChunk(taskId, area.AreaId, (uint)currentChunk, bitmap, buffer!, filled, pageSize));
                        buffer = null;
                    }
                    while (nextReference is not null && nextReference.ChunkIndex < chunkIndex)
                    {
                        yield return new AreaChunk(nextReference);
                        nextReference = NextReference(referenced, taskId, area.AreaId, nextReference);
                    }
                    if (nextReference is not null && nextReference.ChunkIndex == chunkIndex)
                        throw new ArgumentException($"page {page.PageIndex} falls in chunk {chunkIndex}, which is given as a reference", nameof(pages));
                    currentChunk = chunkIndex;
                    bitmap = 0;
                    filled = 0;
                }
                ReadOnlySpan<byte> bytes = page.Bytes.Span;
                if (!bytes.ContainsAnyExcept((byte)0))
                    continue;
                // The worker that encodes the chunk returns the buffer; one buffer per chunk keeps them independent.
                buffer ??= ArrayPool<byte>.Shared.Rent(perChunk * pageSize);
                bytes.CopyTo(buffer.AsSpan(filled));
                filled += pageSize;
                bitmap |= 1UL << (int)(page.PageIndex % (ulong)perChunk);
            }
            if (bitmap != 0)
            {
                yield return new AreaChunk(new PendingChunk(taskId, area.AreaId, (uint)currentChunk, bitmap, buffer!, filled, pageSize));
                buffer = null;
            }
            while (nextReference is not null)
            {
                yield return new AreaChunk(nextReference);
                nextReference = NextReference(referenced, taskId, area.AreaId, nextReference);
            }
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ChunkReference? NextReference(IEnumerator<ChunkReference> references, ulong taskId, uint areaId, ChunkReference? previous)
    {
        if (!references.MoveNext())
            return null;
        ChunkReference reference = references.Current ?? throw new ArgumentException("a reference is null", nameof(references));
        if (reference.TaskId != taskId || reference.AreaId != areaId)
            throw new ArgumentException($"a reference of task {reference.TaskId} area {reference.AreaId} is given with area {areaId} of task {taskId}", nameof(references));
        if (previous is not null && reference.ChunkIndex <= previous.ChunkIndex)
            throw new ArgumentException($"reference to chunk {reference.ChunkIndex} follows chunk {previous.ChunkIndex}: references must ascend", nameof(references));
        CheckReference(reference);
        return reference;
    }

    /// <summary>The writer-side rules of a reference; its order among the area's chunks is checked when it is written.</summary>
    private void CheckReference(ChunkReference reference)
    {
        if (!_options.WritesFormat13 || (_features.Incompatible & Features.IncompatChunkReferences) == 0)
            throw new InvalidOperationException("a chunk reference needs format 1.3 and the \"chunk-references\" feature bit");
        int perChunk = _options.PagesPerChunk;
        ulong allowed = perChunk == 64 ? ulong.MaxValue : (1UL << perChunk) - 1;
        if (reference.PresentBitmap == 0 || (reference.PresentBitmap & ~allowed) != 0)
            throw new ArgumentException($"present bitmap 0x{reference.PresentBitmap:x16} is empty or names pages beyond {perChunk} per chunk", nameof(reference));
        ulong lastPage = (ulong)reference.ChunkIndex * (ulong)perChunk + (ulong)(63 - BitOperations.LeadingZeroCount(reference.PresentBitmap));
        if (_areaPages.TryGetValue((reference.TaskId, reference.AreaId), out ulong areaPages) && lastPage >= areaPages)
            throw new ArgumentException($"chunk {reference.ChunkIndex} reaches page {lastPage}, outside area {reference.AreaId} ({areaPages} pages)", nameof(reference));
        if (reference.ImageOrdinal > ChunkReferenceSection.MaxImageOrdinal)
            throw new ArgumentException($"image ordinal {reference.ImageOrdinal} is beyond the {ChunkReferenceSection.MaxImageOrdinal} ancestors an image can have", nameof(reference));
        if (reference.TargetOffset < 0 || reference.TargetOffset % SectionLayout.Alignment != 0)
            throw new ArgumentException($"target offset {reference.TargetOffset} is not a section offset", nameof(reference));
        if (reference.ImageOrdinal > 0)
        {
            if ((_features.Incompatible & Features.IncompatParentImage) == 0)
                throw new InvalidOperationException($"a reference into ancestor {reference.ImageOrdinal} needs an incremental image (the \"parent-image\" feature bit)");
            return;
        }
        IndexEntry? target = IndexSearch.At(_index, reference.TargetOffset);
        if (target is null || target.Type != SectionType.MemoryChunk)
            throw new ArgumentException($"the target at offset {reference.TargetOffset} is not a MEMCHUNK written earlier in this image", nameof(reference));
        if (target.ContentHash != reference.ContentHash || target.PresentPages != reference.PresentPages)
            throw new ArgumentException($"the MEMCHUNK at offset {reference.TargetOffset} has another content hash or page count than the reference", nameof(reference));
    }

    /// <summary>Writes an encoded chunk, or (format 1.3 with deduplication) a reference to an earlier identical one.</summary>
    private void WriteEncoded(EncodedChunk chunk)
    {
        try
        {
            ChunkHeader header = chunk.Header;
            if (_options.Deduplicate && header.Version >= ChunkLayout.Version2
                && _firstChunkByHash.TryGetValue(header.ContentHash, out StoredChunk earlier)
                && earlier.Version >= ChunkLayout.Version2 && earlier.PresentPages == header.PresentPages)
            {
                WriteReference(new ChunkReference(header.TaskId, header.AreaId, header.ChunkIndex, header.PresentBitmap,
                    header.ContentHash, 0, earlier.Offset));
                return;
            }
            NextChunk(header.TaskId, header.AreaId, header.ChunkIndex);
            ReadOnlySpan<byte> payload = chunk.Span;
            var section = new SectionHeader(SectionType.MemoryChunk, header.Version, SectionFlags.Critical, payload.Length, Crc32C.Compute(payload));
            RememberChunk(header.ContentHash, header.PresentPages, header.Version);
            AddIndexEntry(IndexEntry.Of(section, _position).With(header), payload);
            WriteFramed(section, payload);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk.Payload);
        }
    }

    private void WriteReference(ChunkReference reference)
    {
        NextChunk(reference.TaskId, reference.AreaId, reference.ChunkIndex);
        Span<byte> payload = stackalloc byte[ChunkReferenceLayout.Length];
        ChunkReferenceSection.Write(payload, reference);
        var section = new SectionHeader(SectionType.ChunkReference, ChunkReferenceLayout.Version, SectionFlags.Critical, payload.Length, Crc32C.Compute(payload));
        AddIndexEntry(IndexEntry.Of(section, _position).With(reference), payload);
        WriteFramed(section, payload);
    }

    /// <summary>Chunks (stored or referenced) belong to an area an AREAS section declared.</summary>
    private void RequireArea(ulong taskId, uint areaId)
    {
        if (!TaskAreas(taskId).Contains(areaId))
            throw new InvalidOperationException($"area {areaId} of task {taskId} was not written in an AREAS section");
    }

    /// <summary>The first stored chunk with a content hash is the one later duplicates refer to.</summary>
    private void RememberChunk(Hash256 contentHash, int presentPages, ushort version) =>
        _firstChunkByHash.TryAdd(contentHash, new StoredChunk(_position, presentPages, version));

    /// <summary>Chunks of an area, stored or referenced, come in strictly ascending chunk index.</summary>
    private void NextChunk(ulong taskId, uint areaId, uint chunkIndex)
    {
        if (_lastChunkIndex.TryGetValue((taskId, areaId), out uint last) && chunkIndex <= last)
            throw new InvalidOperationException($"chunk {chunkIndex} of area {areaId} of task {taskId} follows chunk {last}: an area's chunks ascend");
        _lastChunkIndex[(taskId, areaId)] = chunkIndex;
    }

    /// <summary>Where a chunk was stored: what a later identical chunk (or a copied reference) points at.</summary>
    private readonly record struct StoredChunk(long Offset, int PresentPages, ushort Version);

    /// <summary>One step of an area's chunk pipeline: a chunk to encode, an encoded chunk, or a reference passed through.</summary>
    private sealed record AreaChunk(PendingChunk? Pending, EncodedChunk? Encoded, ChunkReference? Reference)
    {
        public AreaChunk(PendingChunk pending) : this(pending, null, null)
        {
        }

        public AreaChunk(EncodedChunk encoded) : this(null, encoded, null)
        {
        }

        public AreaChunk(ChunkReference reference) : this(null, null, reference)
        {
        }
    }
}
