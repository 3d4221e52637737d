using KernelSim.Ipc;
using KernelSim.Kernel;
using Snapshot.Format;

namespace KernelSim.Restore;

internal sealed partial class SetRestore
{
    /// <summary>
    /// Checks the outside phones (COOPERATION) before anything is created: each belongs to a listed outside task,
    /// calls a task of the image, ascends by (task, phone), and the stand-ins fit this kernel.
    /// </summary>
    private static void CheckOutsidePhones(Microkernel kernel, string where, ExternalState external, IReadOnlyDictionary<ulong, TaskRebuild> tasks)
    {
        var cooperation = external.Cooperation;
        (ulong, ulong)? previous = null;
        foreach (var phone in cooperation.OutsidePhones)
        {
            var what = $"{where}: outside phone {phone.PhoneId} of task {phone.TaskId}";
            if (previous is { } p && (phone.TaskId, phone.PhoneId).CompareTo(p) <= 0)
            {
                throw new RestoreException($"{what}: out of order or repeated (outside phones ascend by task, phone)");
            }

            previous = (phone.TaskId, phone.PhoneId);
            if (!cooperation.OutsideTaskIds.Contains(phone.TaskId))
            {
                throw new RestoreException($"{what}: the task is not a listed outside task");
            }

            if (phone.Callee.Kind != PeerKind.Task || !tasks.ContainsKey(phone.Callee.Id))
            {
                throw new RestoreException($"{what}: calls {phone.Callee}, which is not a task of the image");
            }
        }

        var perTask = cooperation.OutsidePhones.GroupBy(phone => phone.TaskId).ToArray();
        if (perTask.FirstOrDefault(group => group.Count() > IpcSystem.MaxPhonesPerTask) is { } crowded)
        {
            throw new RestoreException($"{where}: outside task {crowded.Key} has {crowded.Count()} phones into the set, more than the {IpcSystem.MaxPhonesPerTask} a task can hold");
        }

        // Each stand-in lives for a moment next to the restored set.
        if (perTask.Length > 0 && kernel.ActiveTaskCount + tasks.Count + 1 > KernelLimits.MaxTasks)
        {
            throw new RestoreException($"{where}: no room for the stand-in of an outside client next to the {tasks.Count} restored tasks (this kernel runs at most {KernelLimits.MaxTasks} tasks)");
        }
    }

    /// <summary>
    /// The clients outside the set are not in the image, so their connections would never end. Each outside task
    /// gets a threadless, never-scheduled stand-in ("dummy:&lt;id&gt;", a fresh task id) holding its phones with
    /// their recorded ids, connected to the members; the stand-in then exits, which hangs them all up: each member
    /// gets IPC_M_PHONE_HUNGUP with that phone id, exactly as if its client had gone away.
    /// </summary>
    private void HangUpOutsideClients()
    {
        foreach (var group in _external.Cooperation.OutsidePhones.GroupBy(phone => phone.TaskId).OrderBy(group => group.Key))
        {
            var id = _kernel.TakeTaskId();
            var dummy = new KernelTask(id, $"dummy:{group.Key}", "dummy", default, TaskRandom.Seed(_kernel.Seed, id));
            _kernel.AddTask(dummy);
            foreach (var record in group)
            {
                var callee = _tasks[record.Callee.Id].Task.Ipc.Answerbox;
                callee.AddPhone(dummy.Ipc.AddPhoneWithId(record.PhoneId, callee));
            }

            dummy.Ipc.NextPhoneId = group.Max(record => record.PhoneId) + 1;
            _kernel.ExitTask(dummy, 0, "stand-in for an outside client: its phones hung up");
            _notes.Add($"outside task {group.Key}: its {group.Count()} phone(s) into the set hung up ({string.Join(", ", group.Select(record => $"phone {record.PhoneId} to task {_tasks[record.Callee.Id].Task.Id}"))})");
        }
    }
}
