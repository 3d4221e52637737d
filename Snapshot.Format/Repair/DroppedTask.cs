namespace Snapshot.Format.Repair;

/// <summary>A task of the checkpoint set that a repair removed, with the reason it could not be kept.</summary>
public sealed record DroppedTask(ulong TaskId, string Reason);
