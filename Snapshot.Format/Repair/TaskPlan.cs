namespace Snapshot.Format.Repair;

/// <summary>One task of the checkpoint set: the valid sections found for it, and whether it can be restored.</summary>
internal sealed class TaskPlan(ulong taskId, int ordinal)
{
    public ulong TaskId { get; } = taskId;

    /// <summary>Position in the checkpoint set, which is the order a writer stores tasks in.</summary>
    public int Ordinal { get; } = ordinal;

    public FoundSection? Task { get; set; }

    public FoundSection? Areas { get; set; }

    public List<FoundSection> Threads { get; } = [];

    public List<FoundSection> Chunks { get; } = [];

    /// <summary>TASK_IPC and FILES (format 1.2), when found.</summary>
    public FoundSection? Ipc { get; set; }

    public FoundSection? Files { get; set; }

    /// <summary>Why the task cannot be restored; null when it is consistent.</summary>
    public string? Problem { get; set; }

    public IReadOnlyList<AreaRecord> AreaList => Areas?.Areas ?? [];

    /// <summary>Position of an area in the AREAS section (the order a writer stores chunks in), or -1.</summary>
    public int AreaOrdinal(uint areaId)
    {
        IReadOnlyList<AreaRecord> areas = AreaList;
        for (int i = 0; i < areas.Count; i++)
        {
            if (areas[i].AreaId == areaId)
                return i;
        }
        return -1;
    }
}
