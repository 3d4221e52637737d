namespace Snapshot.Format;

/// <summary>
/// A cooperative service in the checkpoint set. <see cref="Cooperated"/> is false when, under
/// <see cref="CheckpointErrorPolicy.Resume"/>, the service did not cooperate in time: its connections carry no
/// exported state and restore hangs them up.
/// </summary>
public sealed record ServiceMember(ulong ServiceId, string Name, bool Cooperated);
