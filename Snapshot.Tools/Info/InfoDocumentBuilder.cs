using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Format.Summary;
using Snapshot.Tools.Formatting;
using Snapshot.Tools.Hosting;

namespace Snapshot.Tools.Info;

/// <summary>
/// Builds what snapinfo reports from the header, the metadata and the section table alone: memory statistics
/// come from the per-area totals of the SUMMARY section or of the index, never from page data. Build-specific
/// blobs are decoded through the canonical form when a built-in profile matches the image's build id.
/// </summary>
internal sealed class InfoDocumentBuilder
{
    private readonly ImageHeader _header;
    private readonly ImageMetadata _metadata;
    private readonly IReadOnlyList<SectionInfo> _sections;
    private readonly Dictionary<(ulong TaskId, uint AreaId), AreaMemorySummary> _memory;
    private readonly ILookup<(ulong TaskId, uint AreaId), ChunkSummary>? _chunks;
    private readonly int _pagesPerChunk;
    private readonly KernelBuildProfile? _profile;
    private readonly SignatureInfo? _signature;
    private readonly ExternalStateInfoBuilder? _external;

    /// <param name="metadata">The header and every metadata section, decoded.</param>
    /// <param name="sections">The section table, in file order.</param>
    /// <param name="memory">The totals of each area's memory sections.</param>
    /// <param name="chunks">Every memory chunk (MEMCHUNK and CHUNKREF), or null when they are not listed.</param>
    /// <param name="pagesPerChunk">Pages per memory chunk (from the footer).</param>
    /// <param name="signature">The SIGNATURE section as found (never verified here), or null for an unsigned image.</param>
    public InfoDocumentBuilder(ImageMetadata metadata, IReadOnlyList<SectionInfo> sections,
        IEnumerable<AreaMemorySummary> memory, IEnumerable<ChunkSummary>? chunks, int pagesPerChunk, SignatureInfo? signature)
    {
        _header = metadata.Header;
        _metadata = metadata;
        _sections = sections;
        _memory = memory.ToDictionary(area => (area.TaskId, area.AreaId));
        _chunks = chunks?.ToLookup(chunk => (chunk.TaskId, chunk.AreaId));
        _pagesPerChunk = pagesPerChunk;
        _profile = KernelBuildCatalog.Find(_header.Build.BuildId);
        _signature = signature;
        _external = metadata.External is { } external ? new ExternalStateInfoBuilder(external) : null;
    }

    public InfoDocument Build(string toolName, string image, long? fileSize)
    {
        var build = _header.Build;
        return new InfoDocument(
            new ToolStamp(toolName, ToolHost.Version),
            image,
            fileSize is null ? "stdin" : "file",
            fileSize,
            new FormatInfo(_header.Version.ToString(), _header.Version.Major, _header.Version.Minor),
            new BuildInfo(build.Display, build.KernelName, build.Version, build.Architecture, build.PageSize,
                build.BuildId.ToString(), _profile is not null, _profile?.Build),
            _pagesPerChunk,
            FeatureList(),
            _metadata.Repair is { } repair ? RepairInfoBuilder.Build(repair, _metadata) : null,
            _signature,
            new CheckpointInfo(_metadata.Checkpoint.TaskIds, _metadata.Checkpoint.KilledAfter),
            _external?.Set(_metadata, _profile),
            [.. _metadata.Tasks.Select(Task)],
            _sections);
    }

    private List<FeatureInfo> FeatureList()
    {
        var features = new List<FeatureInfo>();
        foreach (var kind in new[] { FeatureKind.Incompatible, FeatureKind.Compatible, FeatureKind.Autoclear })
        {
            var bits = _header.Features.Get(kind);
            for (var bit = 0; bit < 64; bit++)
            {
                if ((bits & (1UL << bit)) == 0)
                {
                    continue;
                }

                // The image's own name table first: it names features newer than this tool.
                var name = _header.FeatureNames.FirstOrDefault(n => n.Kind == kind && n.Bit == bit)?.Name
                           ?? Features.Name(kind, bit);
                var known = (Features.Known(kind) & (1UL << bit)) != 0;
                features.Add(new FeatureInfo(kind.ToString().ToLowerInvariant(), bit, name, known));
            }
        }

        return features;
    }

    private TaskInfo Task(TaskMetadata task)
    {
        var record = task.Task;
        KernelTaskInfo? kernel = null;
        string? decodeError = null;
        if (_profile is not null)
        {
            try
            {
                var canonical = CanonicalCodec.DecodeTask(record, _profile);
                kernel = new KernelTaskInfo(canonical.State, Sorted(canonical.Flags), canonical.NextThreadId,
                    canonical.NextAreaId, canonical.ThreadCount, canonical.AreaCount,
                    Notation.Address(canonical.HeapCursor), Notation.Address(canonical.RngState));
            }
            catch (SnapshotFormatException ex)
            {
                decodeError = ex.Message;
            }
        }

        var areas = task.Areas.OrderBy(a => a.Base).Select(area => Area(record.TaskId, area)).ToArray();
        var resident = areas.Sum(a => a.BytesResident);
        var stored = areas.Sum(a => a.BytesStored);
        return new TaskInfo(
            record.TaskId,
            record.Name,
            record.ProgramName,
            record.ProgramHash.ToString(),
            kernel,
            kernel is null ? Notation.Blob(record.KernelTask.Span) : null,
            decodeError,
            new MemoryTotals(areas.Sum(a => a.PagesResident), resident, stored, Notation.Ratio(resident, stored)),
            areas,
            [.. task.Threads.OrderBy(t => t.ThreadId).Select(Thread)],
            _external?.Ipc(record.TaskId),
            _external?.Files(record.TaskId));
    }

    /// <summary>The JSON name of backing 3 (format 1.3): the area's pages are the task's program, not stored in the image.</summary>
    internal const string ProgramReferenceBacking = "program-reference";

    private AreaInfo Area(ulong taskId, AreaRecord area)
    {
        var memory = _memory.GetValueOrDefault((taskId, area.AreaId));
        var pagesResident = memory?.PagesPresent ?? 0;
        var bytesResident = pagesResident * _header.Build.PageSize;
        var bytesStored = memory?.StoredBytes ?? 0;
        var pageSize = Math.Max(1u, _header.Build.PageSize);

        return new AreaInfo(
            area.AreaId,
            area.Name,
            Notation.Address(area.Base),
            Notation.Address(unchecked(area.Base + area.Size)),
            area.Size,
            FlagString(area.Flags),
            Enum.IsDefined(area.Kind) ? area.Kind.ToString().ToLowerInvariant() : $"kind {(byte)area.Kind}",
            area.Backing == AreaBacking.ProgramReference ? ProgramReferenceBacking
                : Enum.IsDefined(area.Backing) ? area.Backing.ToString().ToLowerInvariant() : $"backing {(byte)area.Backing}",
            area.Size / pageSize,
            pagesResident,
            memory?.Chunks ?? 0,
            memory?.References ?? 0,
            bytesResident,
            bytesStored,
            Notation.Ratio(bytesResident, bytesStored),
            memory is null ? null : new MemorySectionsInfo(Notation.Offset(memory.FirstOffset), memory.PayloadBytes, memory.FirstChunk, memory.LastChunk),
            _chunks is null ? null : [.. _chunks[(taskId, area.AreaId)].OrderBy(chunk => chunk.ChunkIndex).Select(Chunk)]);
    }

    private ChunkInfo Chunk(ChunkSummary chunk) => new(
        chunk.ChunkIndex,
        Notation.Offset(chunk.Offset),
        Notation.PageRanges(chunk.PresentBitmap, (ulong)chunk.ChunkIndex * (ulong)_pagesPerChunk),
        Notation.PageCount(chunk.PresentBitmap),
        chunk.StoredLength,
        chunk.ContentHash.ToString(),
        chunk.Reference);

    private ThreadInfo Thread(ThreadRecord record)
    {
        string? decodeError = null;
        if (_profile is not null)
        {
            try
            {
                return Decoded(CanonicalCodec.DecodeThread(record, _profile), _profile);
            }
            catch (SnapshotFormatException ex)
            {
                decodeError = ex.Message;
            }
        }

        return new ThreadInfo(record.ThreadId, null, null, null, null, null, null, null, null,
            Notation.Blob(record.KernelThread.Span), Notation.Blob(record.KernelStack.Span), decodeError);
    }

    private static ThreadInfo Decoded(CanonicalThread thread, KernelBuildProfile profile)
    {
        var registers = thread.Registers;
        SyscallInfo? syscall = thread.Syscall is { } call
            ? new SyscallInfo(call.Name,
                profile.Syscalls.TryGetValue(call.Name, out var number) ? Notation.Hex(number) : "-",
                [.. call.Args.Select(Notation.Address)],
                call.Restart)
            : null;
        var stopAddress = profile.StopSites.TryGetValue(thread.StopSite, out var address) ? address : 0UL;

        return new ThreadInfo(
            thread.ThreadId,
            thread.State.ToString().ToLowerInvariant(),
            Sorted(thread.Flags),
            thread.QuantumLeft,
            thread.Rank,
            thread.StackAreaId,
            new StopSiteInfo(thread.StopSite, Notation.Address(stopAddress)),
            syscall,
            new RegisterInfo([.. registers.R.Select(Notation.Address)], Notation.Address(registers.Pc),
                Notation.Address(registers.Sp), Notation.Address(registers.Flags), Notation.Address(registers.Tls)),
            null,
            null,
            null);
    }

    private static string FlagString(AreaFlags flags) => string.Concat(
        flags.HasFlag(AreaFlags.Read) ? "r" : "-",
        flags.HasFlag(AreaFlags.Write) ? "w" : "-",
        flags.HasFlag(AreaFlags.Execute) ? "x" : "-");

    private static string[] Sorted(IReadOnlySet<string> flags) => [.. flags.Order(StringComparer.Ordinal)];
}
