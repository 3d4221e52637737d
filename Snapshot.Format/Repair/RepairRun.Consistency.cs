using Snapshot.Format.Kernels;

namespace Snapshot.Format.Repair;

internal sealed partial class RepairRun
{
    private readonly List<TaskPlan> _plans = [];

    /// <summary>
    /// Keeps the first valid section of each identity, settles the checkpoint set (rebuilding it from the TASK
    /// sections found when it is lost), and decides per task whether it can still be restored: its TASK, AREAS and
    /// every THREAD must be readable and agree with the counts in its kernel task structure. Inconsistent tasks are
    /// dropped when others remain; when none would remain the image is unrepairable.
    /// </summary>
    private void DecideTasks()
    {
        foreach (FoundSection unknown in _items.OfType<FoundSection>().Where(s => s.IsUnknown && s.Header.IsCritical))
            throw Refuse(unknown.Name, unknown.Offset,
                $"critical section type {unknown.Name} version {unknown.Header.Version} is not supported by this repair tool, and an image without it would be wrong");

        foreach (FoundSection damaged in _items.OfType<FoundSection>().Where(s => !s.IsValid && s.Type != SectionType.Index))
            Drop(damaged, damaged.Damage!);
        List<FoundSection> valid = KeepFirstOfEachIdentity();
        SettleCheckpointSet(valid);
        AssignSections(valid);
        foreach (TaskPlan plan in _plans)
            plan.Problem = Inconsistency(plan);

        List<TaskPlan> consistent = [.. _plans.Where(p => p.Problem is null)];
        if (consistent.Count == 0 && (_plans.Count > 0 || _checkpointRebuilt))
            throw RefuseInconsistent();
        foreach (TaskPlan plan in _plans.Where(p => p.Problem is not null))
        {
            _droppedTasks.Add(new DroppedTask(plan.TaskId, plan.Problem!));
            foreach (FoundSection section in SectionsOf(plan))
                Drop(section, $"task {plan.TaskId} is dropped: {plan.Problem}");
        }
        _kept = consistent;
        foreach (TaskPlan plan in _kept)
            CheckChunks(plan);
        CheckReferences();
    }

    /// <summary>
    /// A reference into this image is kept only when its target is: a kept MEMCHUNK at its target offset with its page
    /// count and content hash. Otherwise its pages are lost with the target, and it counts as a damaged chunk (its
    /// fields name the pages). A reference into an ancestor is kept as it is: the ancestors are not here to check.
    /// </summary>
    private void CheckReferences()
    {
        var stored = _kept.SelectMany(plan => plan.Chunks).Where(chunk => chunk.Type == SectionType.MemoryChunk).ToDictionary(chunk => chunk.Offset);
        foreach (TaskPlan plan in _kept)
        {
            foreach (FoundSection section in plan.Chunks.Where(chunk => chunk.Reference is { ImageOrdinal: 0 }).ToArray())
            {
                ChunkReference reference = section.Reference!;
                if (stored.TryGetValue(reference.TargetOffset, out FoundSection? target) && target.Offset < section.Offset
                    && target.Chunk!.Value.ContentHash == reference.ContentHash && target.Chunk.Value.PresentPages == reference.PresentPages)
                    continue;
                section.Damage = $"its target MEMCHUNK at 0x{reference.TargetOffset:x} is lost or does not match, and its pages with it";
                Drop(section, section.Damage);
                plan.Chunks.Remove(section);
            }
        }
    }

    private List<FoundSection> KeepFirstOfEachIdentity()
    {
        var first = new Dictionary<(SectionType, ulong, ulong, ulong), FoundSection>();
        var valid = new List<FoundSection>();
        foreach (FoundSection section in _items.OfType<FoundSection>())
        {
            if (!section.IsValid || section.Type == SectionType.Index || section.IsUnknown)
                continue;
            var identity = Identity(section);
            if (!first.TryGetValue(identity, out FoundSection? kept))
            {
                first.Add(identity, section);
                valid.Add(section);
            }
            else if (kept.Header.PayloadLength == section.Header.PayloadLength && kept.Header.PayloadCrc == section.Header.PayloadCrc)
            {
                section.Fate = SectionFate.Duplicate;
                section.Detail = $"repeats the {kept.Name} section at 0x{kept.Offset:x}";
            }
            else
            {
                Drop(section, $"conflicts with the {kept.Name} section at 0x{kept.Offset:x}, which was found first and is kept");
            }
        }
        return valid;
    }

    private static (SectionType, ulong, ulong, ulong) Identity(FoundSection section) => section.Type switch
    {
        SectionType.Task or SectionType.Areas or SectionType.TaskIpc or SectionType.Files => (section.Type, section.TaskId!.Value, 0, 0),
        SectionType.Thread => (section.Type, section.TaskId!.Value, section.Thread!.ThreadId, 0),
        // A reference and a stored chunk of the same index are the same chunk: one of them is kept.
        SectionType.MemoryChunk or SectionType.ChunkReference =>
            (SectionType.MemoryChunk, section.TaskId!.Value, section.Chunk!.Value.AreaId, section.Chunk.Value.ChunkIndex),
        _ => (section.Type, 0, 0, 0),
    };

    private void SettleCheckpointSet(List<FoundSection> valid)
    {
        FoundSection? checkpoint = valid.FirstOrDefault(s => s.Type == SectionType.Checkpoint);
        IEnumerable<ulong> ids;
        if (checkpoint is not null)
        {
            ids = checkpoint.Checkpoint!.TaskIds;
            _killedAfter = checkpoint.Checkpoint.KilledAfter;
        }
        else
        {
            _checkpointRebuilt = true;
            ids = valid.Where(s => s.Type == SectionType.Task).Select(s => s.TaskId!.Value);
            const string rebuilt = "rebuilt from the TASK sections found; killed-after is unknown and written as 0";
            FoundSection? damaged = _items.OfType<FoundSection>().FirstOrDefault(s => s.Type == SectionType.Checkpoint && !s.IsValid);
            if (damaged is not null)
                damaged.Detail += $"; the checkpoint set was {rebuilt}";
            else
                _lostSections.Add(new LostSection(LostSectionKind.Section, SectionType.Checkpoint, _scanStart, 0,
                    $"no readable CHECKPOINT section; the checkpoint set was {rebuilt}"));
        }
        foreach (ulong id in ids.Distinct())
            _plans.Add(new TaskPlan(id, _plans.Count));
    }

    private void AssignSections(List<FoundSection> valid)
    {
        Dictionary<ulong, TaskPlan> byId = _plans.ToDictionary(p => p.TaskId);
        foreach (FoundSection section in valid)
        {
            if (section.TaskId is not { } taskId)
                continue;
            if (!byId.TryGetValue(taskId, out TaskPlan? plan))
            {
                Drop(section, valid.Any(s => s.Type == SectionType.Task && s.TaskId == taskId)
                    ? $"task {taskId} is not in the checkpoint set"
                    : $"task {taskId} is not in the checkpoint set and has no readable TASK section");
                continue;
            }
            switch (section.Type)
            {
                case SectionType.Task: plan.Task = section; break;
                case SectionType.Areas: plan.Areas = section; break;
                case SectionType.Thread: plan.Threads.Add(section); break;
                case SectionType.MemoryChunk or SectionType.ChunkReference: plan.Chunks.Add(section); break;
                case SectionType.TaskIpc: plan.Ipc = section; break;
                case SectionType.Files: plan.Files = section; break;
            }
        }
    }

    /// <summary>Why a task cannot be restored as it is, or null.</summary>
    private string? Inconsistency(TaskPlan plan)
    {
        if (plan.Task is null)
            return "its TASK section is missing or damaged";
        CanonicalTask? counts = null;
        if (_profile is not null)
        {
            try
            {
                counts = CanonicalCodec.DecodeTask(plan.Task.Task!, _profile);
            }
            catch (SnapshotFormatException e)
            {
                return $"its kernel task structure does not decode with build {_profile.Build}: {e.Reason}";
            }
        }

        if (plan.Areas is null)
        {
            if (counts is null)
                return "its AREAS section is missing or damaged";
            if (counts.AreaCount > 0)
                return $"its AREAS section is missing or damaged (the task has {counts.AreaCount} areas)";
        }
        else if (AreasProblem(plan.AreaList, counts) is { } areasProblem)
        {
            return areasProblem;
        }

        foreach (FoundSection thread in plan.Threads)
        {
            if (_profile is null)
                break;
            try
            {
                CanonicalCodec.DecodeThread(thread.Thread!, _profile);
            }
            catch (SnapshotFormatException e)
            {
                return $"thread {thread.Thread!.ThreadId} does not decode with build {_profile.Build}: {e.Reason}";
            }
        }
        long expected = (long?)counts?.ThreadCount
            ?? _oldIndex?.Count(e => e.Type == SectionType.Thread && e.TaskId == plan.TaskId)
            ?? Math.Max(1, plan.Threads.Count);
        if (plan.Threads.Count != expected)
            return plan.Threads.Count < expected
                ? $"only {plan.Threads.Count} of its {expected} THREAD sections are readable"
                : $"it has {plan.Threads.Count} THREAD sections but its task structure counts {expected} threads";
        return null;
    }

    private string? AreasProblem(IReadOnlyList<AreaRecord> areas, CanonicalTask? counts)
    {
        if (counts is not null && areas.Count != counts.AreaCount)
            return $"its AREAS section lists {areas.Count} areas but its task structure counts {counts.AreaCount}";
        uint pageSize = _build!.PageSize;
        var ids = new HashSet<uint>();
        foreach (AreaRecord area in areas)
        {
            if (!ids.Add(area.AreaId))
                return $"its AREAS section lists area {area.AreaId} twice";
            if (area.Size == 0 || area.Base % pageSize != 0 || area.Size % pageSize != 0 || area.Base + area.Size < area.Base)
                return $"area {area.AreaId} (0x{area.Base:x}, 0x{area.Size:x} bytes) is empty, not page-aligned or wraps around";
        }
        AreaRecord[] sorted = [.. areas.OrderBy(a => a.Base)];
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Base < sorted[i - 1].Base + sorted[i - 1].Size)
                return $"areas {sorted[i - 1].AreaId} and {sorted[i].AreaId} overlap";
        }
        return null;
    }

    /// <summary>A kept task's chunks must name one of its areas and lie inside it; others are dropped.</summary>
    private void CheckChunks(TaskPlan plan)
    {
        foreach (FoundSection chunk in plan.Chunks.ToArray())
        {
            var header = chunk.Chunk!.Value;
            AreaRecord? area = plan.AreaList.FirstOrDefault(a => a.AreaId == header.AreaId);
            string? problem = area is null
                ? $"names area {header.AreaId}, which task {plan.TaskId} does not have"
                : LastPage(header) >= area.Size / _build!.PageSize
                    ? $"holds page {LastPage(header)}, beyond area {area.AreaId} ({area.Size / _build.PageSize} pages)"
                    : null;
            if (problem is not null)
            {
                Drop(chunk, problem);
                plan.Chunks.Remove(chunk);
            }
        }
    }

    private ulong LastPage(Sections.ChunkHeader chunk) =>
        (ulong)chunk.ChunkIndex * (ulong)_pagesPerChunk + (ulong)(63 - ulong.LeadingZeroCount(chunk.PresentBitmap));

    private static IEnumerable<FoundSection> SectionsOf(TaskPlan plan) =>
        new[] { plan.Task, plan.Areas }.OfType<FoundSection>().Concat(plan.Threads).Concat(plan.Chunks);

    private static void Drop(FoundSection section, string detail)
    {
        if (section.Fate == SectionFate.Dropped)
            return;
        section.Fate = SectionFate.Dropped;
        section.Detail = detail;
    }

    /// <summary>The refusal when no task stays consistent, located at the first damage that touches a task's metadata.</summary>
    private RepairRefusedException RefuseInconsistent()
    {
        ScanItem? where = _items.FirstOrDefault(item => item is UnreadableBytes { WasIndex: false }
            || item is FoundSection { IsValid: false, Type: SectionType.Task or SectionType.Areas or SectionType.Thread or SectionType.Checkpoint });
        where ??= _plans.Select(p => p.Task).OfType<FoundSection>().FirstOrDefault();
        string section = where is FoundSection found ? found.Name : "section";
        long offset = where?.Offset ?? _scanStart;
        string reason = _plans.Count switch
        {
            0 => "no TASK section could be recovered, so no restorable image remains",
            1 => $"task {_plans[0].TaskId} cannot be restored: {_plans[0].Problem}; it is the only task of the image, so dropping it would leave nothing to restore",
            _ => $"none of the {_plans.Count} tasks can be restored: " + string.Join("; ", _plans.Select(p => $"task {p.TaskId}: {p.Problem}")),
        };
        return Refuse(section, offset, reason);
    }
}
