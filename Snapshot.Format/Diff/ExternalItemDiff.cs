namespace Snapshot.Format.Diff;

/// <summary>
/// One item of the external state (format 1.2) that differs between A and B: a policy set, service, outside task,
/// task's IPC counters, phone, call, shared area, connection, working directory or open file.
/// </summary>
/// <param name="Category">"cooperation", "service", "outside", "ipc", "phone", "call", "share", "connection", "files" or "file".</param>
/// <param name="Key">The item's stable ids, e.g. "task 1 phone 2", "task 1 call 3", "share 1", "service 2 task 1 phone 2".</param>
/// <param name="Kind">Added, removed or changed (unchanged items are not listed).</param>
/// <param name="Fields">For a changed item, the fields that differ; for an added or removed one, all its fields.</param>
public sealed record ExternalItemDiff(string Category, string Key, ChangeKind Kind, IReadOnlyList<FieldChange> Fields);
