using Snapshot.Format.Kernels;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Upgrade;

/// <summary>
/// One conversion of one image: decodes every build-specific blob with the source profile, encodes its canonical
/// form with the target's, and collects what the target cannot express as blockers. The converted records are
/// kept for <see cref="UpgradeRun.Write"/>; memory is not touched until then.
/// </summary>
internal sealed partial class UpgradeRun
{
    private readonly ImageReader _reader;
    private readonly ImageMetadata _metadata;
    private readonly UpgradeOptions _options;
    private readonly KernelBuildProfile? _source;
    private readonly List<UpgradeBlocker> _blockers = [];
    private readonly List<string> _notes = [];
    private readonly List<(TaskMetadata Original, TaskRecord Task, List<ThreadRecord> Threads)> _tasks = [];
    private readonly List<CallRecord> _calls = [];
    private readonly List<CanonicalThread> _canonicalThreads = [];
    private readonly List<CanonicalTask> _canonicalTasks = [];
    private readonly List<CanonicalCall> _canonicalCalls = [];

    private UpgradeRun(ImageReader reader, UpgradeOptions options)
    {
        _reader = reader;
        _options = options;
        _metadata = reader.ReadMetadata();
        _source = KernelBuildCatalog.Find(_metadata.Header.Build.BuildId);
    }

    public UpgradePlan Plan { get; private set; } = null!;

    public static UpgradeRun Prepare(ImageReader reader, UpgradeOptions options)
    {
        var run = new UpgradeRun(reader, options);
        run.Plan = run.MakePlan();
        return run;
    }

    private bool IsSigned => (_metadata.Header.Features.Autoclear & Features.AutoclearSigned) != 0;

    private UpgradePlan MakePlan()
    {
        KernelBuildProfile target = _options.Target;
        FormatVersion sourceFormat = _metadata.Header.Version;
        bool sameBuild = _source is not null && _source.BuildId == target.BuildId;
        bool noOp = sameBuild && _options.Signer is null
            && (_options.MaxFormatVersion is not { } max || !IsNewer(sourceFormat, max));

        FormatVersion targetFormat = noOp ? sourceFormat : FormatVersion.For(OutputFeatures());
        SignatureFate signature = (noOp, _options.Signer is not null, IsSigned) switch
        {
            (true, _, true) => SignatureFate.Kept,
            (_, true, _) => SignatureFate.Signed,
            (false, false, true) => SignatureFate.Dropped,
            _ => SignatureFate.None,
        };

        if (_source is null)
        {
            _blockers.Add(new UpgradeBlocker("image", null, null, null, "kernel-build",
                $"the image's build {_metadata.Header.Build.Display} has no profile in this library, so its kernel blobs cannot be decoded"));
        }
        else if (_source.PageSize != target.PageSize)
        {
            _blockers.Add(new UpgradeBlocker("image", null, null, null, "page-size",
                $"build {_source.Build} has {_source.PageSize}-byte pages, {target.Build} has {target.PageSize}"));
        }
        else if (!noOp)
        {
            ConvertTasks(_source, target);
            ConvertExternalState(_source, target);
        }
        if (!noOp)
            CheckFormat(targetFormat);

        // The signature has its own fate and the summary is written afresh: neither is a section left out.
        int unknown = _reader.Index.Count(e => e.Type is not (SectionType.MemoryChunk or SectionType.Signature or SectionType.Summary)
            && !SectionNames.IsKnown(e.Type, e.Version));
        if (unknown > 0 && !noOp)
            _notes.Add($"{unknown} section(s) of a kind this library does not know are left out (non-critical; their meaning, and so their conversion, is unknown)");
        if (noOp)
            _notes.Add($"the image is already for build {target.Build}: the output is a byte-for-byte copy");

        List<IndexEntry> chunks = [.. _reader.Index.Where(e => e.IsChunk)];
        IReadOnlyList<UpgradeChange> changes = noOp || _source is null
            ? []
            : PlanChanges.Between(_source, target, _canonicalTasks, _canonicalThreads, _canonicalCalls, sourceFormat, targetFormat, signature);
        return new UpgradePlan(_reader.Path, _metadata.Header.Build, _source, target, sourceFormat, targetFormat, noOp, signature,
            _metadata.Tasks.Count, _metadata.Tasks.Sum(t => t.Threads.Count), _metadata.External?.Calls.Count ?? 0,
            chunks.Count, chunks.Sum(e => e.PayloadLength), changes, _blockers, _notes);
    }

    private void ConvertTasks(KernelBuildProfile source, KernelBuildProfile target)
    {
        foreach (TaskMetadata task in _metadata.Tasks)
        {
            ulong taskId = task.Task.TaskId;
            var problems = new List<StructProblem>();
            CanonicalTask canonicalTask = CanonicalCodec.DecodeTask(task.Task, source);
            _canonicalTasks.Add(canonicalTask);
            byte[]? blob = CanonicalCodec.EncodeTask(canonicalTask, target, problems);
            Block($"task {taskId}", taskId, null, problems);

            var threads = new List<ThreadRecord>();
            foreach (ThreadRecord thread in task.Threads)
            {
                problems.Clear();
                CanonicalThread canonical = CanonicalCodec.DecodeThread(thread, source);
                _canonicalThreads.Add(canonical);
                if (CanonicalCodec.EncodeThread(taskId, canonical, target, problems) is { } converted)
                    threads.Add(converted);
                Block($"task {taskId} thread {thread.ThreadId}", taskId, thread.ThreadId, problems);
            }
            if (blob is not null)
                _tasks.Add((task, task.Task with { KernelTask = blob }, threads));
        }
    }

    private void ConvertExternalState(KernelBuildProfile source, KernelBuildProfile target)
    {
        if (_metadata.External is not { } external)
            return;
        var problems = new List<StructProblem>();
        foreach (CallRecord call in external.Calls)
        {
            CanonicalCall canonical = CanonicalCodec.DecodeCall(call, source);
            _canonicalCalls.Add(canonical);
            problems.Clear();
            if (target.Call is null)
            {
                _blockers.Add(new UpgradeBlocker($"call {canonical.SenderTaskId}/{canonical.SenderCallId}", canonical.SenderTaskId, null,
                    null, UpgradeFeatures.Ipc, $"call to {canonical.Receiver} ({canonical.State.ToString().ToLowerInvariant()}); build {target.Build} has no IPC call record"));
                continue;
            }
            if (CanonicalCodec.EncodeCall(canonical, target, problems) is { } converted)
                _calls.Add(converted);
            Block($"call {canonical.SenderTaskId}/{canonical.SenderCallId}", canonical.SenderTaskId, null, problems);
        }
        if (target.Call is not null)
            return;

        // A build without a call record cannot hold any IPC state: list every piece of it.
        string lacks = $"build {target.Build} cannot hold IPC state (it has no call record)";
        foreach (TaskIpcRecord ipc in external.TaskIpc.Where(t => t.Phones.Count > 0))
        {
            _blockers.Add(new UpgradeBlocker($"task {ipc.TaskId}", ipc.TaskId, null, null, UpgradeFeatures.Ipc,
                $"{ipc.Phones.Count} phone(s) ({string.Join(", ", ipc.Phones.Select(p => p.PhoneId))}); {lacks}"));
        }
        foreach (SharedAreaRecord share in external.SharedAreas)
        {
            _blockers.Add(new UpgradeBlocker($"shared area {share.ShareId}", null, null, null, UpgradeFeatures.Ipc,
                $"memory shared by {share.Participants.Count} participant(s); {lacks}"));
        }
        foreach (TaskFilesRecord files in external.Files.Where(f => f.Files.Count > 0))
        {
            _blockers.Add(new UpgradeBlocker($"task {files.TaskId}", files.TaskId, null, null, UpgradeFeatures.Ipc,
                $"{files.Files.Count} open file(s) held by the VFS service; {lacks}"));
        }
        foreach (ConnectionRecord connection in external.Cooperation.Connections)
        {
            _blockers.Add(new UpgradeBlocker($"task {connection.ClientTaskId}", connection.ClientTaskId, null, null, UpgradeFeatures.Ipc,
                $"connection over phone {connection.PhoneId} to service {connection.ServiceId}; {lacks}"));
        }
    }

    /// <summary>Version 2 chunks or references, which the output copies as stored: they need format 1.3 and its bit.</summary>
    private bool HasFormat13Chunks =>
        (_metadata.Header.Features.Incompatible & Features.IncompatChunkReferences) != 0
        || _reader.Index.Any(e => e.Type == SectionType.ChunkReference || (e.Type == SectionType.MemoryChunk && e.Version >= 2));

    private void CheckFormat(FormatVersion needed)
    {
        if (_options.MaxFormatVersion is not { } max || !IsNewer(needed, max))
            return;
        if (HasFormat13Chunks && IsNewer(FormatVersion.V1_3, max))
            _blockers.Add(new UpgradeBlocker("image", null, null, null, UpgradeFeatures.ChunkReferences,
                $"the image's chunks carry page hashes or references (format 1.3), which snapupgrade copies as stored (asked for {max})"));
        if ((_metadata.Header.Features.Incompatible & Features.IncompatProgramReference) != 0 && IsNewer(FormatVersion.V1_3, max))
            _blockers.Add(new UpgradeBlocker("image", null, null, null, UpgradeFeatures.ProgramReference,
                $"the image stores code by reference to the program (format 1.3) and holds no pages for it (asked for {max})"));
        if (_metadata.External is not null && IsNewer(new FormatVersion(1, 2), max))
            _blockers.Add(new UpgradeBlocker("image", null, null, null, UpgradeFeatures.ExternalState,
                $"the image holds a checkpoint set's external state, which needs format 1.2 (asked for {max})"));
        if (_metadata.Repair is not null && IsNewer(new FormatVersion(1, 1), max))
            _blockers.Add(new UpgradeBlocker("image", null, null, null, UpgradeFeatures.Repaired,
                $"the image is marked repaired, which needs format 1.1 (asked for {max})"));
        if (_options.Signer is not null && IsNewer(new FormatVersion(1, 1), max))
            _blockers.Add(new UpgradeBlocker("image", null, null, null, UpgradeFeatures.Signed,
                $"a signature needs format 1.1 (asked for {max}); leave out --sign-key"));
    }

    /// <summary>The output's feature bits: what its content needs, nothing carried blindly (unknown compatible and autoclear bits are cleared).</summary>
    private FeatureSet OutputFeatures()
    {
        ulong incompatible = Features.IncompatZstd
            | (_metadata.Repair is not null ? Features.IncompatRepaired : 0)
            | (_metadata.External is not null ? Features.IncompatExternalState : 0)
            | (_metadata.Parents.Count > 0 ? Features.IncompatParentImage | Features.IncompatChunkReferences : 0)
            | (HasFormat13Chunks ? Features.IncompatChunkReferences : 0)
            // Areas stored by reference to the program stay so: the image has no pages for them to store instead.
            | (_metadata.Header.Features.Incompatible & Features.IncompatProgramReference);
        ulong autoclear = _options.Signer is not null ? Features.AutoclearSigned : 0;
        // A summary is rewritten, not carried (the writer builds a fresh one): kept for an image that had one or is
        // format 1.3 anyway, unless the caller caps the output below 1.3.
        bool format13 = (incompatible & (Features.IncompatChunkReferences | Features.IncompatParentImage | Features.IncompatProgramReference)) != 0
                        || (_metadata.Header.Features.Autoclear & Features.AutoclearSummary) != 0;
        if (format13 && (_options.MaxFormatVersion is not { } max || !IsNewer(FormatVersion.V1_3, max)))
            autoclear |= Features.AutoclearSummary;
        return new FeatureSet(incompatible, 0, autoclear);
    }

    private void Block(string subject, ulong? taskId, uint? threadId, List<StructProblem> problems)
    {
        foreach (StructProblem problem in problems)
        {
            _blockers.Add(new UpgradeBlocker(subject, taskId, threadId, $"{problem.Struct}.{problem.Field}",
                UpgradeFeatures.Of(problem), problem.Reason));
        }
    }

    internal static bool IsNewer(FormatVersion a, FormatVersion b) => a.Major != b.Major ? a.Major > b.Major : a.Minor > b.Minor;
}
