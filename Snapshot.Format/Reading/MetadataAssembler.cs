using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Repair;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Reading;

/// <summary>
/// Collects metadata sections in file order into an <see cref="ImageMetadata"/>; shared by the random-access
/// and the streaming reader so both accept exactly the same images.
/// </summary>
internal sealed class MetadataAssembler
{
    private readonly List<(TaskRecord Task, List<AreaRecord>? Areas, List<ThreadRecord> Threads)> _tasks = [];
    private readonly Dictionary<ulong, int> _taskSlots = [];
    private CheckpointRecord? _checkpoint;
    private RepairRecord? _repair;
    private IReadOnlyList<ParentImage>? _parents;
    private CooperationRecord? _cooperation;
    private IReadOnlyList<SharedAreaRecord>? _sharedAreas;
    private IReadOnlyList<CallRecord>? _calls;
    private readonly Dictionary<ulong, TaskIpcRecord> _taskIpc = [];
    private readonly Dictionary<ulong, TaskFilesRecord> _files = [];
    private (string Section, long Offset)? _firstExternal;
    private long _firstSharedAreaOffset = -1;
    private long _firstProgramReferenceOffset = -1;

    /// <summary>Parses a CRC-checked metadata payload of a known type and adds it; <paramref name="sectionOffset"/> is the section header's offset.</summary>
    public void Add(SectionType type, ReadOnlySpan<byte> payload, long sectionOffset)
    {
        long payloadOffset = sectionOffset + SectionLayout.HeaderLength;
        switch (type)
        {
            case SectionType.Checkpoint:
                Checkpoint(CheckpointSection.Read(payload, payloadOffset), sectionOffset);
                break;
            case SectionType.Parents:
                Parents(ParentsSection.Read(payload, payloadOffset), sectionOffset);
                break;
            case SectionType.Task:
                Task(TaskSection.Read(payload, payloadOffset), sectionOffset);
                break;
            case SectionType.Areas:
                (ulong taskId, IReadOnlyList<AreaRecord> areas) = AreasSection.Read(payload, payloadOffset);
                Areas(taskId, areas, sectionOffset);
                break;
            case SectionType.Thread:
                Thread(ThreadSection.Read(payload, payloadOffset), sectionOffset);
                break;
            case SectionType.Repair:
                if (_repair is not null)
                    FormatThrow.Invalid("REPAIR", sectionOffset, "a second REPAIR section");
                _repair = RepairSection.Read(payload, payloadOffset);
                break;
            case SectionType.Cooperation:
                SetLevel("COOPERATION", _cooperation is not null, sectionOffset);
                _cooperation = CooperationSection.Read(payload, payloadOffset);
                break;
            case SectionType.SharedAreas:
                SetLevel("SHARED_AREAS", _sharedAreas is not null, sectionOffset);
                _sharedAreas = SharedAreasSection.Read(payload, payloadOffset);
                break;
            case SectionType.Calls:
                SetLevel("CALLS", _calls is not null, sectionOffset);
                _calls = CallsSection.Read(payload, payloadOffset);
                break;
            case SectionType.TaskIpc:
                TaskIpcRecord ipc = TaskIpcSection.Read(payload, payloadOffset);
                Slot("TASK_IPC", ipc.TaskId, sectionOffset);
                NoteExternal("TASK_IPC", sectionOffset);
                if (!_taskIpc.TryAdd(ipc.TaskId, ipc))
                    FormatThrow.Invalid("TASK_IPC", sectionOffset, $"task {ipc.TaskId} has a second TASK_IPC section");
                break;
            case SectionType.Files:
                TaskFilesRecord files = FilesSection.Read(payload, payloadOffset);
                Slot("FILES", files.TaskId, sectionOffset);
                NoteExternal("FILES", sectionOffset);
                if (!_files.TryAdd(files.TaskId, files))
                    FormatThrow.Invalid("FILES", sectionOffset, $"task {files.TaskId} has a second FILES section");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a metadata section");
        }
    }

    public void Checkpoint(CheckpointRecord record, long offset)
    {
        if (_checkpoint is not null)
            FormatThrow.Invalid("CHECKPOINT", offset, "a second CHECKPOINT section");
        if (_tasks.Count > 0)
            FormatThrow.Invalid("CHECKPOINT", offset, "the CHECKPOINT section must precede every TASK section");
        _checkpoint = record;
    }

    /// <summary>PARENTS (format 1.3) is the first section after the header, at most once.</summary>
    public void Parents(IReadOnlyList<ParentImage> parents, long offset)
    {
        if (_parents is not null)
            FormatThrow.Invalid("PARENTS", offset, "a second PARENTS section");
        if (_checkpoint is not null || _repair is not null)
            FormatThrow.Invalid("PARENTS", offset, "the PARENTS section must be the first section after the header");
        _parents = parents;
    }

    public void Task(TaskRecord task, long offset)
    {
        if (_checkpoint is null)
            FormatThrow.Invalid("TASK", offset, "TASK section before the CHECKPOINT section");
        if (_tasks.Count >= FormatLimits.MaxTasks)
            FormatThrow.Invalid("TASK", offset, $"more than {FormatLimits.MaxTasks} tasks");
        if (!_taskSlots.TryAdd(task.TaskId, _tasks.Count))
            FormatThrow.Invalid("TASK", offset, $"task {task.TaskId} appears twice");
        _tasks.Add((task, null, []));
    }

    public void Areas(ulong taskId, IReadOnlyList<AreaRecord> areas, long offset)
    {
        int slot = Slot("AREAS", taskId, offset);
        if (_tasks[slot].Areas is not null)
            FormatThrow.Invalid("AREAS", offset, $"task {taskId} has a second AREAS section");
        _tasks[slot] = _tasks[slot] with { Areas = [.. areas] };
        if (_firstSharedAreaOffset < 0 && areas.Any(area => area.Backing == AreaBacking.Shared))
            _firstSharedAreaOffset = offset;
        if (_firstProgramReferenceOffset < 0 && areas.Any(area => area.Backing == AreaBacking.ProgramReference))
            _firstProgramReferenceOffset = offset;
    }

    public void Thread(ThreadRecord thread, long offset)
    {
        int slot = Slot("THREAD", thread.TaskId, offset);
        if (_tasks[slot].Threads.Count >= FormatLimits.MaxThreadsPerTask)
            FormatThrow.Invalid("THREAD", offset, $"task {thread.TaskId} has more than {FormatLimits.MaxThreadsPerTask} threads");
        _tasks[slot].Threads.Add(thread);
    }

    public ImageMetadata Build(ImageHeader header, long endOffset)
    {
        if (_checkpoint is null)
            FormatThrow.Invalid("CHECKPOINT", endOffset, "the image has no CHECKPOINT section");
        // The bit makes old readers refuse the image; the section says what was lost. One without the other is a lie.
        bool repaired = (header.Features.Incompatible & Features.IncompatRepaired) != 0;
        if (repaired != _repair is not null)
            FormatThrow.Invalid("REPAIR", endOffset, repaired
                ? "the header has the \"repaired\" feature bit but the image has no REPAIR section"
                : "the image has a REPAIR section but the header lacks the \"repaired\" feature bit");
        bool incremental = (header.Features.Incompatible & Features.IncompatParentImage) != 0;
        if (incremental != _parents is not null)
            FormatThrow.Invalid("PARENTS", endOffset, incremental
                ? "the header has the \"parent-image\" feature bit but the image has no PARENTS section"
                : "the image has a PARENTS section but the header lacks the \"parent-image\" feature bit");
        // Backing 3 means "the program holds these pages": a reader that predates it would restore empty code, so the bit must say so.
        if (_firstProgramReferenceOffset >= 0 && (header.Features.Incompatible & Features.IncompatProgramReference) == 0)
            FormatThrow.Invalid("AREAS", _firstProgramReferenceOffset, "an area stored by reference to the program (backing 3) in an image without the \"program-reference\" feature bit");
        var tasks = new TaskMetadata[_tasks.Count];
        for (int i = 0; i < tasks.Length; i++)
            tasks[i] = new TaskMetadata(_tasks[i].Task, _tasks[i].Areas ?? [], _tasks[i].Threads);
        return new ImageMetadata(header, _checkpoint, tasks) { Repair = _repair, External = BuildExternal(header, endOffset), Parents = _parents ?? [] };
    }

    /// <summary>The "external-state" bit and the COOPERATION section come together (format 1.2), like "repaired" and REPAIR.</summary>
    private ExternalState? BuildExternal(ImageHeader header, long endOffset)
    {
        bool marked = (header.Features.Incompatible & Features.IncompatExternalState) != 0;
        if (!marked)
        {
            if (_firstExternal is { } first)
                FormatThrow.Invalid(first.Section, first.Offset, $"a {first.Section} section in an image without the \"external-state\" feature bit");
            if (_firstSharedAreaOffset >= 0)
                FormatThrow.Invalid("AREAS", _firstSharedAreaOffset, "a shared area in an image without the \"external-state\" feature bit");
            return null;
        }
        if (_cooperation is null)
            FormatThrow.Invalid("COOPERATION", endOffset, "the header has the \"external-state\" feature bit but the image has no COOPERATION section");
        return new ExternalState(_cooperation, _sharedAreas ?? [], _calls ?? [],
            [.. _taskIpc.Values.OrderBy(ipc => ipc.TaskId)], [.. _files.Values.OrderBy(files => files.TaskId)]);
    }

    /// <summary>The set-level external-state sections come once each, after the CHECKPOINT section and before every TASK.</summary>
    private void SetLevel(string section, bool seen, long offset)
    {
        if (seen)
            FormatThrow.Invalid(section, offset, $"a second {section} section");
        if (_checkpoint is null)
            FormatThrow.Invalid(section, offset, $"{section} section before the CHECKPOINT section");
        if (_tasks.Count > 0)
            FormatThrow.Invalid(section, offset, $"the {section} section must precede every TASK section");
        NoteExternal(section, offset);
    }

    private void NoteExternal(string section, long offset) => _firstExternal ??= (section, offset);

    private int Slot(string section, ulong taskId, long offset) =>
        _taskSlots.TryGetValue(taskId, out int slot)
            ? slot
            : FormatThrow.Invalid<int>(section, offset, $"task {taskId} has no TASK section before this one");
}
