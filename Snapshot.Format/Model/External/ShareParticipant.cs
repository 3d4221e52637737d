namespace Snapshot.Format;

/// <summary>One mapping of a shared area: who maps it, as which of its areas, at which base address.</summary>
public sealed record ShareParticipant(PeerRef Peer, uint AreaId, ulong Base);
