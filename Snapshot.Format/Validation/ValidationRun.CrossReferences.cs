using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>The index must list exactly the sections the walk found, and the footer must point at it.</summary>
    private void CompareWithIndex(Footer? footer)
    {
        if (_model.IndexOffset < 0)
        {
            Problem("INDEX", _file.Length, "no INDEX section found");
            return;
        }
        if (_model.SectionsAfterIndex > 0)
            Problem("INDEX", _model.IndexOffset, $"{_model.SectionsAfterIndex} section(s) follow the INDEX section");
        if (footer is { } f && f.IndexOffset != _model.IndexOffset)
            Problem("footer", _file.Length - FooterLayout.Length, $"footer points at 0x{f.IndexOffset:x}, the INDEX section is at 0x{_model.IndexOffset:x}");
        if (_model.Index is not { } index)
            return;
        if (index.Count != _walked.Count)
            Problem("INDEX", _model.IndexOffset, $"the index lists {index.Count} sections, the file holds {_walked.Count}");
        for (int i = 0; i < Math.Min(index.Count, _walked.Count); i++)
        {
            IndexEntry listed = index[i], found = _walked[i];
            if (!listed.Describes(found, identityKnown: !_unparsed.Contains(i)))
                Problem("INDEX", _model.IndexOffset + SectionLayout.HeaderLength + IndexLayout.EntriesOffset + (long)i * IndexLayout.EntrySize,
                    $"entry {i} ({listed.SectionName} at 0x{listed.Offset:x}) does not describe the {found.SectionName} section found at 0x{found.Offset:x}");
        }
    }

    private void CheckCrossReferences()
    {
        CheckOrder();
        CheckRepairMark();
        CheckExternalStateMark();
        var tasks = new Dictionary<ulong, long>();
        foreach ((TaskRecord task, long offset) in _model.Tasks)
        {
            if (!tasks.TryAdd(task.TaskId, offset))
                Problem("TASK", offset, $"task {task.TaskId} appears twice");
        }

        if (_model.Checkpoints.Count != 1)
            Problem("CHECKPOINT", _model.Checkpoints.Count > 1 ? _model.Checkpoints[1].Offset : _headerLength,
                $"the image has {_model.Checkpoints.Count} CHECKPOINT sections, not 1");
        foreach ((CheckpointRecord checkpoint, long offset) in _model.Checkpoints)
        {
            var listed = new HashSet<ulong>();
            foreach (ulong id in checkpoint.TaskIds)
            {
                if (!listed.Add(id))
                    Problem("CHECKPOINT", offset, $"task {id} is listed twice");
                else if (!tasks.ContainsKey(id))
                    Problem("CHECKPOINT", offset, $"the checkpoint set names task {id}, which has no TASK section");
            }
            foreach ((TaskRecord task, long taskOffset) in _model.Tasks)
            {
                if (!listed.Contains(task.TaskId))
                    Problem("TASK", taskOffset, $"task {task.TaskId} is not in the checkpoint set");
            }
        }

        var areasByTask = new Dictionary<ulong, Dictionary<uint, AreaRecord>>();
        foreach ((ulong taskId, IReadOnlyList<AreaRecord> areas, long offset) in _model.Areas)
        {
            if (!tasks.ContainsKey(taskId))
                Problem("AREAS", offset, $"areas of task {taskId}, which has no TASK section");
            if (areasByTask.ContainsKey(taskId))
            {
                Problem("AREAS", offset, $"a second AREAS section for task {taskId}");
                continue;
            }
            areasByTask[taskId] = CheckAreas(taskId, areas, offset);
        }

        var threadIds = new HashSet<(ulong, uint)>();
        foreach ((ThreadRecord thread, long offset) in _model.Threads)
        {
            if (!tasks.ContainsKey(thread.TaskId))
                Problem("THREAD", offset, $"thread {thread.ThreadId} of task {thread.TaskId}, which has no TASK section");
            if (!threadIds.Add((thread.TaskId, thread.ThreadId)))
                Problem("THREAD", offset, $"thread {thread.ThreadId} of task {thread.TaskId} appears twice");
        }

        CheckChunks(areasByTask);
        CheckParents();
    }

    /// <summary>The "repaired" bit and the REPAIR section come together (format 1.1): one without the other misstates the loss.</summary>
    private void CheckRepairMark()
    {
        bool marked = (_header.Features.Incompatible & Features.IncompatRepaired) != 0;
        if (_model.Repairs.Count > 1)
            Problem("REPAIR", _model.Repairs[1], "a second REPAIR section");
        if (marked && _model.Repairs.Count == 0)
            Problem("header", HeaderLayout.IncompatibleOffset, "the \"repaired\" feature bit is set but the image has no readable REPAIR section");
        else if (!marked && _model.Repairs.Count > 0)
            Problem("REPAIR", _model.Repairs[0], "a REPAIR section in an image without the \"repaired\" feature bit");
    }

    /// <summary>The checkpoint comes first; a task's areas, threads and chunks follow its TASK section.</summary>
    private void CheckOrder()
    {
        bool checkpointSeen = false;
        var tasksSeen = new HashSet<ulong>();
        foreach ((SectionType type, long offset, ulong taskId) in _model.Order)
        {
            switch (type)
            {
                case SectionType.Checkpoint:
                    if (tasksSeen.Count > 0)
                        Problem("CHECKPOINT", offset, "the CHECKPOINT section must precede every TASK section");
                    checkpointSeen = true;
                    break;
                case SectionType.Task:
                    if (!checkpointSeen)
                        Problem("TASK", offset, "TASK section before the CHECKPOINT section");
                    tasksSeen.Add(taskId);
                    break;
                case SectionType.Parents:
                    // Its place (first after the header) is checked with the bit, by CheckParents.
                    break;
                case SectionType.Cooperation or SectionType.SharedAreas or SectionType.Calls:
                    if (!checkpointSeen || tasksSeen.Count > 0)
                        Problem(SectionNames.Of(type), offset, $"the {SectionNames.Of(type)} section must follow the CHECKPOINT section and precede every TASK section");
                    break;
                default:
                    // Sections of a task that does not exist at all are reported once, by the reference checks.
                    if (!tasksSeen.Contains(taskId) && _model.Tasks.Any(t => t.Record.TaskId == taskId))
                        Problem(SectionNames.Of(type), offset, $"section of task {taskId} comes before its TASK section");
                    break;
            }
        }
    }

    private Dictionary<uint, AreaRecord> CheckAreas(ulong taskId, IReadOnlyList<AreaRecord> areas, long offset)
    {
        var byId = new Dictionary<uint, AreaRecord>();
        uint pageSize = _header.Build.PageSize;
        foreach (AreaRecord area in areas)
        {
            if (!byId.TryAdd(area.AreaId, area))
                Problem("AREAS", offset, $"area id {area.AreaId} of task {taskId} appears twice");
            if (area.Size == 0 || area.Base % pageSize != 0 || area.Size % pageSize != 0 || area.Base + area.Size < area.Base)
                Problem("AREAS", offset, $"area {area.AreaId} of task {taskId} (0x{area.Base:x}, 0x{area.Size:x} bytes) is empty, not page-aligned or wraps around");
            if (area.Backing == AreaBacking.ProgramReference)
                CheckProgramReference(taskId, area, offset);
        }
        AreaRecord[] sorted = [.. areas.OrderBy(a => a.Base).ThenBy(a => a.AreaId)];
        for (int i = 1; i < sorted.Length; i++)
        {
            AreaRecord previous = sorted[i - 1];
            if (sorted[i].Base < previous.Base + previous.Size)
                Problem("AREAS", offset, $"areas {previous.AreaId} and {sorted[i].AreaId} of task {taskId} overlap");
        }
        return byId;
    }

    /// <summary>
    /// An area stored by reference to its program (backing 3, format 1.3) needs the "program-reference" bit, and must not
    /// be writable: restore rebuilds it from the program, which knows nothing of writes made since.
    /// </summary>
    private void CheckProgramReference(ulong taskId, AreaRecord area, long offset)
    {
        if ((_header.Features.Incompatible & Features.IncompatProgramReference) == 0)
            Problem("AREAS", offset, $"area {area.AreaId} of task {taskId} is stored by reference to its program (backing 3), but the header lacks the \"program-reference\" bit");
        if ((area.Flags & AreaFlags.Write) != 0)
            Problem("AREAS", offset, $"area {area.AreaId} of task {taskId} is writable, so it cannot be stored by reference to its program (backing 3)");
    }

    /// <summary>The build must be known, match its stamp, and every kernel blob must decode through its profile.</summary>
    private KernelBuildProfile? CheckKernelBuild()
    {
        KernelBuildStamp stamp = _header.Build;
        KernelBuildProfile? profile = KernelBuildCatalog.Find(stamp.BuildId);
        if (profile is null)
        {
            Problem("header", HeaderLayout.BuildIdOffset, $"kernel build {stamp.Display} is not a known build (no profile with id {stamp.BuildId})");
            return null;
        }
        if (profile.Stamp != stamp)
            Problem("header", HeaderLayout.PageSizeOffset, $"the build stamp {stamp.Display} does not match profile {profile}");
        foreach ((TaskRecord task, long offset) in _model.Tasks)
        {
            try
            {
                CanonicalCodec.DecodeTask(task, profile);
            }
            catch (SnapshotFormatException e)
            {
                Problem("TASK", offset, $"task {task.TaskId}: {e.Reason}");
            }
        }
        foreach ((ThreadRecord thread, long offset) in _model.Threads)
        {
            try
            {
                CanonicalCodec.DecodeThread(thread, profile);
            }
            catch (SnapshotFormatException e)
            {
                Problem("THREAD", offset, $"thread {thread.ThreadId} of task {thread.TaskId}: {e.Reason}");
            }
        }
        return profile;
    }
}
