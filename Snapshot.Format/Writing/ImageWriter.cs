using System.Buffers;
using Snapshot.Format.Codecs;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Repair;
using Snapshot.Format.Sections;
using Snapshot.Format.Signing;
using Snapshot.Format.Writing;

namespace Snapshot.Format;

/// <summary>
/// Writes an image front to back in one pass: header, the checkpoint section, the set's external state
/// (format 1.2: cooperation, shared areas, calls), then per task its task, areas, threads, IPC state, files and
/// memory chunks, then the index and the footer on <see cref="Complete"/>. Memory is
/// bounded: one section payload or one chunk is buffered at a time, plus the (small) index entries.
/// The destination need not be seekable. The same calls always produce the same bytes.
/// </summary>
public sealed partial class ImageWriter : IDisposable
{
    private readonly Stream _destination;
    private readonly KernelBuildStamp _build;
    private readonly ImageWriterOptions _options;
    private readonly FeatureSet _features;
    private readonly PayloadWriter _payload = new();
    private readonly CompressorPool _compressors;
    private readonly List<IndexEntry> _index = [];
    private readonly Dictionary<ulong, HashSet<uint>> _areasByTask = [];
    private readonly HashSet<ulong> _tasksWithAreas = [];
    private readonly byte[] _sectionHeader = new byte[SectionLayout.HeaderLength];
    private readonly HashSet<ulong> _tasksWithIpc = [];
    private readonly HashSet<ulong> _tasksWithFiles = [];
    private readonly HashSet<ulong> _tasksWithMemory = [];
    private SetSection _lastSetSection = SetSection.None;
    private SignatureManifest? _signature;
    private long _position;
    private bool _checkpointWritten;
    private bool _completed;
    private bool _disposed;

    private ImageWriter(Stream destination, KernelBuildStamp build, ImageWriterOptions options, FeatureSet features)
    {
        _destination = destination;
        _build = build;
        _options = options;
        _features = features;
        _compressors = new CompressorPool(options.CompressionLevel);
    }

    /// <summary>Starts an image on <paramref name="destination"/> and writes its header.</summary>
    /// <remarks>
    /// The header is written first, so its feature bits cannot depend on later content: 1.0 always sets "zstd".
    /// With a <see cref="ImageWriterOptions.Signer"/> the image is format 1.1 and has the "signed" autoclear bit;
    /// with <see cref="ImageWriterOptions.HasExternalState"/> it is format 1.2 and has the "external-state" bit. At
    /// <see cref="ImageWriterOptions.Compatibility"/> 1.3 (the default) it has the "chunk-references" bit, because a
    /// version 2 chunk or a reference may follow; below 1.3 the writer writes exactly the bytes a 1.2 writer wrote.
    /// </remarks>
    public static ImageWriter Create(Stream destination, KernelBuildStamp build, ImageWriterOptions? options = null)
    {
        var names = new List<FeatureName> { new(FeatureKind.Incompatible, 0, Features.Name(FeatureKind.Incompatible, 0)!) };
        ulong autoclear = 0;
        ulong incompatible = Features.IncompatZstd;
        if (options?.HasExternalState == true)
        {
            incompatible |= Features.IncompatExternalState;
            names.Add(new FeatureName(FeatureKind.Incompatible, 2, Features.Name(FeatureKind.Incompatible, 2)!));
        }
        if (options?.WritesFormat13 ?? true)
            AddIncompatible(Features.IncompatChunkReferences, ref incompatible, names);
        AddParentFeatures(options, ref incompatible, names);
        AddProgramReferenceFeature(options, ref incompatible, names);
        if (options?.Signer is not null)
        {
            autoclear = Features.AutoclearSigned;
            names.Add(new FeatureName(FeatureKind.Autoclear, 0, Features.Name(FeatureKind.Autoclear, 0)!));
        }

        AddSummaryFeature(options, ref autoclear, names);
        return Create(destination, build, options, new FeatureSet(incompatible, 0, autoclear), names);
    }

    /// <summary>Sets an incompatible bit and adds its name, once.</summary>
    private static void AddIncompatible(ulong mask, ref ulong incompatible, List<FeatureName> names)
    {
        if ((incompatible & mask) != 0)
            return;
        incompatible |= mask;
        byte bit = (byte)System.Numerics.BitOperations.TrailingZeroCount(mask);
        names.Add(new FeatureName(FeatureKind.Incompatible, bit, Features.Name(FeatureKind.Incompatible, bit)!));
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

        var writer = new ImageWriter(destination, build, options, features);
        byte[] header = HeaderCodec.Write(build, features, names, options.PagesPerChunk);
        writer.WriteRaw(header);
        if (options.Signer is not null)
            writer._signature = new SignatureManifest(Hash256.Compute(header));
        writer.WriteParents();
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

    /// <summary>
    /// Writes how the checkpoint set was taken (COOPERATION, format 1.2): right after the checkpoint section, once,
    /// and only in an image created with <see cref="ImageWriterOptions.HasExternalState"/>.
    /// </summary>
    public void WriteCooperation(CooperationRecord record)
    {
        EnterSetSection(SetSection.Cooperation);
        _payload.Clear();
        CooperationSection.Write(_payload, record);
        WriteSection(SectionType.Cooperation, _payload.WrittenSpan, taskId: 0);
    }

    /// <summary>Writes the set's shared areas (SHARED_AREAS, format 1.2), in share id order: after the cooperation section, before the calls and every task.</summary>
    public void WriteSharedAreas(IReadOnlyList<SharedAreaRecord> shares)
    {
        EnterSetSection(SetSection.SharedAreas);
        _payload.Clear();
        SharedAreasSection.Write(_payload, shares);
        WriteSection(SectionType.SharedAreas, _payload.WrittenSpan, taskId: 0);
    }

    /// <summary>
    /// Writes the set's pending calls (CALLS, format 1.2), each encoded with the build's "call" struct, in sender task
    /// then sender call id order: after the cooperation and shared-area sections, before every task.
    /// </summary>
    public void WriteCalls(IReadOnlyList<CallRecord> calls)
    {
        EnterSetSection(SetSection.Calls);
        _payload.Clear();
        CallsSection.Write(_payload, calls);
        WriteSection(SectionType.Calls, _payload.WrittenSpan, taskId: 0);
    }

    /// <summary>Writes a task; its areas, threads and memory follow.</summary>
    public void WriteTask(TaskRecord task)
    {
        EnsureCheckpointWritten();
        if (_options.HasExternalState && _lastSetSection < SetSection.Cooperation)
            throw new InvalidOperationException("an image with external state writes its COOPERATION section before the tasks");
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
            if (area.Backing == AreaBacking.Shared && !_options.HasExternalState)
                throw new ArgumentException($"area {area.AreaId} is shared, which only an image with external state can describe", nameof(areas));
            NoteProgramReference(taskId, area);
        }
        _payload.Clear();
        AreasSection.Write(_payload, taskId, areas);
        WriteSection(SectionType.Areas, _payload.WrittenSpan, taskId);
        _tasksWithAreas.Add(taskId);
        known.UnionWith(ids);
        foreach (AreaRecord area in areas)
            _areaPages[(taskId, area.AreaId)] = area.Size / _build.PageSize;
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
    /// Writes the IPC state of a task written before (TASK_IPC, format 1.2): after its threads, before its files and
    /// memory. Every task of an image with external state has exactly one.
    /// </summary>
    public void WriteTaskIpc(TaskIpcRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        EnsureExternalState("TASK_IPC");
        TaskAreas(record.TaskId);
        if (_tasksWithFiles.Contains(record.TaskId) || _tasksWithMemory.Contains(record.TaskId))
            throw new InvalidOperationException($"the IPC state of task {record.TaskId} comes before its files and memory");
        if (!_tasksWithIpc.Add(record.TaskId))
            throw new InvalidOperationException($"the IPC state of task {record.TaskId} was already written");
        _payload.Clear();
        TaskIpcSection.Write(_payload, record);
        WriteSection(SectionType.TaskIpc, _payload.WrittenSpan, record.TaskId);
    }

    /// <summary>
    /// Writes the working directory and open files of a task (FILES, format 1.2): after its IPC state, before its
    /// memory; at most once per task (a task that never talked to the file system has none).
    /// </summary>
    public void WriteTaskFiles(TaskFilesRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        EnsureExternalState("FILES");
        TaskAreas(record.TaskId);
        if (!_tasksWithIpc.Contains(record.TaskId))
            throw new InvalidOperationException($"the files of task {record.TaskId} follow its IPC state; write that first");
        if (_tasksWithMemory.Contains(record.TaskId))
            throw new InvalidOperationException($"the files of task {record.TaskId} come before its memory");
        if (!_tasksWithFiles.Add(record.TaskId))
            throw new InvalidOperationException($"the files of task {record.TaskId} were already written");
        _payload.Clear();
        FilesSection.Write(_payload, record);
        WriteSection(SectionType.Files, _payload.WrittenSpan, record.TaskId);
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
    /// Writes a section this library gives no meaning to, as a newer writer would (tests of the
    /// skip/refuse rules, and tools that carry unknown non-critical sections over).
    /// </summary>
    internal void WriteOpaqueSection(SectionType type, ushort version, SectionFlags flags, ReadOnlySpan<byte> payload)
    {
        EnsureWritable();
        if (type == SectionType.Signature)
            WriteSummary(); // a carried signature stays last and covers the summary (§5.17)
        var header = new SectionHeader(type, version, flags, payload.Length, Crc32C.Compute(payload));
        AddIndexEntry(IndexEntry.Of(header, _position), payload);
        WriteFramed(header, payload);
    }

    /// <summary>Writes the index and the footer and flushes. Without it the image has no footer and is invalid.</summary>
    public void Complete()
    {
        EnsureCheckpointWritten();
        if (_options.HasExternalState)
        {
            if (_lastSetSection < SetSection.Cooperation)
                throw new InvalidOperationException("an image with external state needs its COOPERATION section");
            foreach (ulong taskId in _areasByTask.Keys.Order())
            {
                if (!_tasksWithIpc.Contains(taskId))
                    throw new InvalidOperationException($"task {taskId} has no TASK_IPC section; every task of an image with external state has one");
            }
        }
        WriteSummary();
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
        _compressors.Dispose();
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

    /// <summary>The set-level external-state sections come once each, in this order, between the checkpoint and the first task.</summary>
    private void EnterSetSection(SetSection section)
    {
        EnsureCheckpointWritten();
        EnsureExternalState(SectionNames.Of(section switch
        {
            SetSection.Cooperation => SectionType.Cooperation,
            SetSection.SharedAreas => SectionType.SharedAreas,
            _ => SectionType.Calls,
        }));
        if (_areasByTask.Count > 0)
            throw new InvalidOperationException("the checkpoint set's external state comes before every task");
        if (section <= _lastSetSection)
            throw new InvalidOperationException($"the set's external state is written once, in the order COOPERATION, SHARED_AREAS, CALLS ({section} after {_lastSetSection})");
        if (section != SetSection.Cooperation && _lastSetSection == SetSection.None)
            throw new InvalidOperationException("write the COOPERATION section first");
        _lastSetSection = section;
    }

    private void EnsureExternalState(string section)
    {
        if (!_options.HasExternalState)
            throw new InvalidOperationException($"a {section} section needs an image created with external state (ImageWriterOptions.HasExternalState)");
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

    private enum SetSection
    {
        None,
        Cooperation,
        SharedAreas,
        Calls,
    }
}
