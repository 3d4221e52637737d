namespace Snapshot.Format.Diff;

/// <summary>One user register ("r3", "pc", "sp", "flags", "tls") whose value differs between A and B.</summary>
public sealed record RegisterChange(string Register, ulong Before, ulong After);
