namespace Snapshot.Format;

/// <summary>
/// The external state of a checkpoint set (format 1.2): everything outside the tasks' own memory and threads
/// that restore must rebuild. Lists are in id order (tasks by task id, calls by sender task then sender call id,
/// shares by share id).
/// </summary>
public sealed record ExternalState(CooperationRecord Cooperation,
                                   IReadOnlyList<SharedAreaRecord> SharedAreas,
                                   IReadOnlyList<CallRecord> Calls,
                                   IReadOnlyList<TaskIpcRecord> TaskIpc,
                                   IReadOnlyList<TaskFilesRecord> Files);
