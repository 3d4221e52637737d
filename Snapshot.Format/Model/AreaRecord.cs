namespace Snapshot.Format;

/// <summary>One address-space area of a task.</summary>
public sealed record AreaRecord(uint AreaId, ulong Base, ulong Size, AreaFlags Flags, AreaKind Kind,
                                AreaBacking Backing, string Name);
