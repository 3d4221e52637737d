using System.Buffers;
using Snapshot.Format.Codecs;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Repair;
using Snapshot.Format.Sections;
using Snapshot.Format.Signing;

namespace Snapshot.Format;

/// <summary>
/// Writes an image front to back in one pass: header, the checkpoint section, then per task its task,
/// areas, threads and memory chunks, then the index and the footer on <see cref="Complete"/>. Memory is
/// bounded: one section payload or one chunk is buffered at a time, plus the (small) index entries.
/// The destination need not be seekable. The same calls always produce the same bytes.
/// </summary>
public sealed class ImageWriter : IDisposable
{
    private readonly Stream _destination;
    private readonly KernelBuildStamp _build;
    private readonly ImageWriterOptions _options;
    private readonly PayloadWriter _payload = new();
    private readonly List<IndexEntry> _index = [];
    private readonly Dictionary<ulong, HashSet<uint>> _areasByTask = [];
    private readonly HashSet<ulong> _tasksWithAreas = [];
    private readonly HashSet<(ulong TaskId, uint AreaId)> _areasWithMemory = [];
    private readonly byte[] _sectionHeader = new byte[SectionLayout.HeaderLength];
    private SignatureManifest? _signature;
    private ZstdCompressor? _compressor;
    private long _position;
    private bool _checkpointWritten;
    private bool _completed;
    private bool _disposed;

    private ImageWriter(Stream destination, KernelBuildStamp build, ImageWriterOptions options)
    {
        _destination = destination;
        _build = build;
        _options = options;
    }

    /// <summary>Starts an image on <paramref name="destination"/> and writes its header.</summary>
    /// <remarks>
    /// The header is written first, so its feature bits cannot depend on later content: 1.0 always sets "zstd".
    /// With a <see cref="ImageWriterOptions.Signer"/> the image is format 1.1 and has the "signed" autoclear bit.
    /// </remarks>
    public static ImageWriter Create(Stream destination, KernelBuildStamp build, ImageWriterOptions? options = null)
    {
        var names = new List<FeatureName> { new(FeatureKind.Incompatible, 0, Features.Name(FeatureKind.Incompatible, 0)!) };
        ulong autoclear = 0;
        if (options?.Signer is not null)
        {
            autoclear = Features.AutoclearSigned;
            names.Add(new FeatureName(FeatureKind.Autoclear, 0, Features.Name(FeatureKind.Autoclear, 0)!));
        }

        return Create(destination, build, options, new FeatureSet(Features.IncompatZstd, 0, autoclear), names);
    }

    /// <summary>Starts an image with explicit feature bits and names (tests and tools that rewrite images with features they carry over).</summary>
    internal static ImageWriter Create(Stream destination, KernelBuildStamp build, ImageWriterOptions? options,
                                       FeatureSet features, IReadOnlyList<FeatureName> names)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(build);
        options ??= new ImageWriterOptions();
        options.Validate();
        if (!destination.CanWrite)
            throw new ArgumentException("the destination is not writable", nameof(destination));
        if (!FormatLimits.IsValidPageSize(build.PageSize))
            throw new ArgumentException($"page size {build.PageSize} is not a power of two from 4 KiB to 64 KiB", nameof(build));

        var writer = new ImageWriter(destination, build, options);
        byte[] header = HeaderCodec.Write(build, features, names, options.PagesPerChunk);
        writer.WriteRaw(header);
        if (options.Signer is not null)
            writer._signature = new SignatureManifest(Hash256.Compute(header));
        return writer;
    }

    /// <summary>Bytes written so far.</summary>
    public long Position => _position;

    /// <summary>Writes the checkpoint set; must come first and only once.</summary>
    public void WriteCheckpoint(CheckpointRecord record)
    {
        EnsureWritable();
        if (_checkpointWritten)
            throw new InvalidOperationException("the checkpoint section was already written");
        _payload.Clear();
        CheckpointSection.Write(_payload, record);
        WriteSection(SectionType.Checkpoint, _payload.WrittenSpan, taskId: 0);
        _checkpointWritten = true;
    }

    /// <summary>Writes a task; its areas, threads and memory follow.</summary>
    public void WriteTask(TaskRecord task)
    {
        EnsureCheckpointWritten();
        ArgumentNullException.ThrowIfNull(task);
        if (_areasByTask.ContainsKey(task.TaskId))
            throw new InvalidOperationException($"task {task.TaskId} was already written");
        _payload.Clear();
        TaskSection.Write(_payload, task);
        WriteSection(SectionType.Task, _payload.WrittenSpan, task.TaskId);
        _areasByTask.Add(task.TaskId, []);
    }

    /// <summary>Writes the areas of a task written before.</summary>
    public void WriteAreas(ulong taskId, IReadOnlyList<AreaRecord> areas)
    {
        HashSet<uint> known = TaskAreas(taskId);
        ArgumentNullException.ThrowIfNull(areas);
        if (_tasksWithAreas.Contains(taskId))
            throw new InvalidOperationException($"the areas of task {taskId} were already written");
        var ids = new HashSet<uint>();
        foreach (AreaRecord area in areas)
        {
            if (area.Base % _build.PageSize != 0 || area.Size % _build.PageSize != 0)
                throw new ArgumentException($"area {area.AreaId} is not page-aligned", nameof(areas));
            if (!ids.Add(area.AreaId))
                throw new ArgumentException($"area id {area.AreaId} appears twice", nameof(areas));
        }
        _payload.Clear();
        AreasSection.Write(_payload, taskId, areas);
        WriteSection(SectionType.Areas, _payload.WrittenSpan, taskId);
        _tasksWithAreas.Add(taskId);
        known.UnionWith(ids);
    }

    /// <summary>Writes one thread of a task written before.</summary>
    public void WriteThread(ThreadRecord thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        TaskAreas(thread.TaskId);
        _payload.Clear();
        ThreadSection.Write(_payload, thread);
        WriteSection(SectionType.Thread, _payload.WrittenSpan, thread.TaskId);
    }

    /// <summary>
    /// Writes the pages of one area as memory chunks. Pages come in ascending <see cref="PageData.PageIndex"/>
    /// order, each exactly one page long; all-zero pages are elided (a missing page reads as zero).
    /// </summary>
    public void WriteAreaMemory(ulong taskId, AreaRecord area, IEnumerable<PageData> pages)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(pages);
        if (!TaskAreas(taskId).Contains(area.AreaId))
            throw new InvalidOperationException($"area {area.AreaId} of task {taskId} was not written in an AREAS section");
        if (!_areasWithMemory.Add((taskId, area.AreaId)))
            throw new InvalidOperationException($"the memory of area {area.AreaId} of task {taskId} was already written");

        int pageSize = (int)_build.PageSize;
        int perChunk = _options.PagesPerChunk;
        ulong areaPages = area.Size / _build.PageSize;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(perChunk * pageSize);
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
                        WriteChunk(taskId, area.AreaId, (uint)currentChunk, bitmap, chunk.AsSpan(0, filled));
                    currentChunk = chunkIndex;
                    bitmap = 0;
                    filled = 0;
                }
                ReadOnlySpan<byte> bytes = page.Bytes.Span;
                if (!bytes.ContainsAnyExcept((byte)0))
                    continue;
                bytes.CopyTo(chunk.AsSpan(filled));
                filled += pageSize;
                bitmap |= 1UL << (int)(page.PageIndex % (ulong)perChunk);
            }
            if (bitmap != 0)
                WriteChunk(taskId, area.AreaId, (uint)currentChunk, bitmap, chunk.AsSpan(0, filled));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Writes the REPAIR section (format 1.1); the image must have been created with the "repaired" feature bit.</summary>
    internal void WriteRepair(RepairRecord record)
    {
        EnsureWritable();
        _payload.Clear();
        RepairSection.Write(_payload, record);
        WriteSection(SectionType.Repair, _payload.WrittenSpan, taskId: 0);
    }

    /// <summary>
    /// Copies a memory chunk payload that another image stored, byte for byte (a repair keeps the original
    /// compression and hash). The caller has checked the payload; its area must have been written, and chunks of
    /// an area must come in ascending chunk index, as <see cref="WriteAreaMemory"/> writes them.
    /// </summary>
    internal void WriteStoredChunk(ulong taskId, uint areaId, uint chunkIndex, ulong presentBitmap, Hash256 contentHash,
                                   ReadOnlySpan<byte> payload)
    {
        if (!TaskAreas(taskId).Contains(areaId))
            throw new InvalidOperationException($"area {areaId} of task {taskId} was not written in an AREAS section");
        var header = new SectionHeader(SectionType.MemoryChunk, SectionLayout.CurrentVersion, SectionFlags.Critical,
            payload.Length, Crc32C.Compute(payload));
        AddIndexEntry(new IndexEntry(header.Type, header.Version, header.Flags, _position, header.PayloadLength,
            header.PayloadCrc, taskId, areaId, chunkIndex, presentBitmap, contentHash), payload);
        WriteFramed(header, payload);
    }

    /// <summary>
    /// Writes a section this library gives no meaning to, as a newer writer would (tests of the
    /// skip/refuse rules, and tools that carry unknown non-critical sections over).
    /// </summary>
    internal void WriteOpaqueSection(SectionType type, ushort version, SectionFlags flags, ReadOnlySpan<byte> payload)
    {
        EnsureWritable();
        var header = new SectionHeader(type, version, flags, payload.Length, Crc32C.Compute(payload));
        AddIndexEntry(IndexEntry.Of(header, _position), payload);
        WriteFramed(header, payload);
    }

    /// <summary>Writes the index and the footer and flushes. Without it the image has no footer and is invalid.</summary>
    public void Complete()
    {
        EnsureCheckpointWritten();
        if (_signature is not null)
            WriteSignature(_options.Signer!, _signature);
        _payload.Clear();
        IndexSection.Write(_payload, _index);
        long indexOffset = _position;
        WriteFramed(new SectionHeader(SectionType.Index, SectionLayout.CurrentVersion, SectionFlags.Critical,
            _payload.Length, Crc32C.Compute(_payload.WrittenSpan)), _payload.WrittenSpan);

        Span<byte> footer = stackalloc byte[FooterLayout.Length];
        new Footer(indexOffset, _position - indexOffset, _options.PagesPerChunk).WriteTo(footer);
        WriteRaw(footer);
        _destination.Flush();
        _completed = true;
    }

    /// <summary>Releases the compressor. Does not dispose the destination stream.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _compressor?.Dispose();
    }

    private void WriteChunk(ulong taskId, uint areaId, uint chunkIndex, ulong bitmap, ReadOnlySpan<byte> pages)
    {
        Hash256 hash = Hash256.Compute(pages);
        _compressor ??= new ZstdCompressor(_options.CompressionLevel);
        int bound = ZstdCompressor.CompressBound(pages.Length);
        byte[] payload = ArrayPool<byte>.Shared.Rent(ChunkLayout.DataOffset + Math.Max(bound, pages.Length));
        try
        {
            Span<byte> data = payload.AsSpan(ChunkLayout.DataOffset);
            int compressed = _compressor.Compress(pages, data[..bound]);
            ChunkCodec codec = ChunkCodec.Zstd;
            int stored = compressed;
            if (compressed >= pages.Length)
            {
                pages.CopyTo(data);
                codec = ChunkCodec.Raw;
                stored = pages.Length;
            }
            var chunk = new ChunkHeader(taskId, areaId, chunkIndex, bitmap, codec, pages.Length, stored, hash);
            chunk.WriteTo(payload);
            ReadOnlySpan<byte> span = payload.AsSpan(0, ChunkLayout.DataOffset + stored);
            var header = new SectionHeader(SectionType.MemoryChunk, SectionLayout.CurrentVersion, SectionFlags.Critical,
                span.Length, Crc32C.Compute(span));
            AddIndexEntry(IndexEntry.Of(header, _position).With(chunk), span);
            WriteFramed(header, span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    // Not part of its own manifest: the signature covers every section before it.
    private void WriteSignature(ImageSigner signer, SignatureManifest manifest)
    {
        byte[] payload = SignatureSection.Write(signer, manifest);
        var header = new SectionHeader(SectionType.Signature, SectionLayout.CurrentVersion, SectionFlags.None, payload.Length, Crc32C.Compute(payload));
        _index.Add(IndexEntry.Of(header, _position));
        WriteFramed(header, payload);
    }

    private void AddIndexEntry(IndexEntry entry, ReadOnlySpan<byte> payload)
    {
        _index.Add(entry);
        _signature?.Add(entry, payload);
    }

    private void WriteSection(SectionType type, ReadOnlySpan<byte> payload, ulong taskId)
    {
        if (payload.Length > FormatLimits.MaxMetadataPayload)
            throw new ArgumentException($"{SectionNames.Of(type)} section would be {payload.Length} bytes, more than {FormatLimits.MaxMetadataPayload}");
        var header = new SectionHeader(type, SectionLayout.CurrentVersion, SectionFlags.Critical, payload.Length, Crc32C.Compute(payload));
        AddIndexEntry(IndexEntry.Of(header, _position, taskId), payload);
        WriteFramed(header, payload);
    }

    private void WriteFramed(SectionHeader header, ReadOnlySpan<byte> payload)
    {
        header.WriteTo(_sectionHeader);
        WriteRaw(_sectionHeader);
        WriteRaw(payload);
        Span<byte> padding = stackalloc byte[SectionLayout.Alignment];
        padding.Clear();
        WriteRaw(padding[..SectionLayout.PaddingAfter(payload.Length)]);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _destination.Write(bytes);
        _position += bytes.Length;
    }

    private HashSet<uint> TaskAreas(ulong taskId)
    {
        EnsureCheckpointWritten();
        return _areasByTask.TryGetValue(taskId, out HashSet<uint>? areas)
            ? areas
            : throw new InvalidOperationException($"task {taskId} has no TASK section yet; write the task first");
    }

    private void EnsureCheckpointWritten()
    {
        EnsureWritable();
        if (!_checkpointWritten)
            throw new InvalidOperationException("write the checkpoint section first");
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException("the image is complete");
    }
}
