namespace Snapshot.Format;

/// <summary>One phone of a task: its sender-side id, whether it is hung up, and the answerbox it calls.</summary>
public sealed record PhoneRecord(ulong PhoneId, bool HungUp, PeerRef Callee);
