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

    /// <summary>Parses a CRC-checked metadata payload of a known type and adds it; <paramref name="sectionOffset"/> is the section header's offset.</summary>
    public void Add(SectionType type, ReadOnlySpan<byte> payload, long sectionOffset)
    {
        long payloadOffset = sectionOffset + SectionLayout.HeaderLength;
        switch (type)
        {
            case SectionType.Checkpoint:
                Checkpoint(CheckpointSection.Read(payload, payloadOffset), sectionOffset);
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
        var tasks = new TaskMetadata[_tasks.Count];
        for (int i = 0; i < tasks.Length; i++)
            tasks[i] = new TaskMetadata(_tasks[i].Task, _tasks[i].Areas ?? [], _tasks[i].Threads);
        return new ImageMetadata(header, _checkpoint, tasks) { Repair = _repair };
    }

    private int Slot(string section, ulong taskId, long offset) =>
        _taskSlots.TryGetValue(taskId, out int slot)
            ? slot
            : FormatThrow.Invalid<int>(section, offset, $"task {taskId} has no TASK section before this one");
}
