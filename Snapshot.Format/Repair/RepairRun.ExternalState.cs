using Snapshot.Format.Sections;

namespace Snapshot.Format.Repair;

internal sealed partial class RepairRun
{
    /// <summary>The external state carried into the output (format 1.2), or null when the image has none.</summary>
    private ExternalSections? _external;

    private sealed record ExternalSections(CooperationRecord Cooperation, IReadOnlyList<SharedAreaRecord> SharedAreas,
                                           IReadOnlyList<CallRecord> Calls);

    /// <summary>
    /// A checkpoint set's external state ties its tasks together: a call names its sender's phone, a share its
    /// participants' areas, a connection its client's phone. So, unlike memory, none of it can be lost or dropped
    /// and the rest restored: the image is kept only when every external-state section is intact and every task
    /// is kept; otherwise it is unrepairable, naming the first section (or task) that breaks the set.
    /// </summary>
    private void DecideExternalState()
    {
        List<FoundSection> sections = [.. _items.OfType<FoundSection>().Where(s => SectionNames.IsExternalState(s.Type))];
        bool marked = _header is not null && (_header.Features.Incompatible & Features.IncompatExternalState) != 0;
        if (!marked && sections.Count == 0)
        {
            RefuseSharedAreasWithoutExternalState();
            return;
        }

        const string Why = "a checkpoint set with external state cannot be restored without all of it";
        if (!marked && _header is not null)
            throw Refuse(sections[0].Name, sections[0].Offset,
                "an external-state section in an image whose intact header lacks the \"external-state\" feature bit; the image is not what any writer produces");
        if (sections.FirstOrDefault(s => !s.IsValid || s.Fate == SectionFate.Dropped) is { } broken)
            throw Refuse(broken.Name, broken.Offset, $"{broken.Detail ?? broken.Damage}; {Why}");
        if (_droppedTasks.Count > 0)
        {
            DroppedTask dropped = _droppedTasks[0];
            FoundSection? task = _plans.FirstOrDefault(p => p.TaskId == dropped.TaskId)?.Task;
            throw Refuse("TASK", task?.Offset ?? _scanStart, $"task {dropped.TaskId} would be dropped ({dropped.Reason}); {Why}");
        }
        FoundSection? cooperation = sections.FirstOrDefault(s => s.Type == SectionType.Cooperation && s.Fate == SectionFate.Kept);
        if (cooperation is null)
            throw Refuse("COOPERATION", _scanStart, $"no readable COOPERATION section; {Why}");
        if (_kept.FirstOrDefault(plan => plan.Ipc is null) is { } withoutIpc)
            throw Refuse("TASK_IPC", withoutIpc.Task?.Offset ?? _scanStart, $"task {withoutIpc.TaskId} has no readable TASK_IPC section; {Why}");
        RefuseUnaccountedBytes(Why);

        _external = new ExternalSections(cooperation.Cooperation!,
            sections.FirstOrDefault(s => s.Type == SectionType.SharedAreas && s.Fate == SectionFate.Kept)?.SharedAreas ?? [],
            sections.FirstOrDefault(s => s.Type == SectionType.Calls && s.Fate == SectionFate.Kept)?.Calls ?? []);
    }

    /// <summary>
    /// A shared area is described by the SHARED_AREAS section of a checkpoint set with external state; in an
    /// image without any, nothing says who shares it or where its pages are, and no writer produces it. Dropping
    /// the task would hide that the input is not a valid image, so the repair refuses it (found by fuzzing).
    /// </summary>
    private void RefuseSharedAreasWithoutExternalState()
    {
        foreach (TaskPlan plan in _kept)
        {
            if (plan.AreaList.FirstOrDefault(area => area.Backing == AreaBacking.Shared) is { } shared)
                throw Refuse("AREAS", plan.Areas?.Offset ?? _scanStart,
                    $"area {shared.AreaId} of task {plan.TaskId} is shared, but the image has no external state to describe the sharing; the image is not what any writer produces");
        }
    }

    /// <summary>
    /// Unreadable bytes may have held an external-state section whose absence nothing else reveals (a FILES or
    /// CALLS section is optional). A CRC-valid old index says what was there; without one the repair cannot know.
    /// </summary>
    private void RefuseUnaccountedBytes(string why)
    {
        if (_oldIndex is { } index)
        {
            var found = _items.OfType<FoundSection>().Where(s => s.IsValid).Select(s => s.Offset).ToHashSet();
            if (index.FirstOrDefault(e => SectionNames.IsExternalState(e.Type) && !found.Contains(e.Offset)) is { } lost)
                throw Refuse(lost.SectionName, lost.Offset, $"the index lists this section but it could not be read; {why}");
            return;
        }
        if (_items.OfType<UnreadableBytes>().FirstOrDefault(u => !u.WasIndex) is { } bytes)
            throw Refuse("section", bytes.Offset, $"{bytes.Length} unreadable bytes may have held external state and no readable index says otherwise; {why}");
    }
}
