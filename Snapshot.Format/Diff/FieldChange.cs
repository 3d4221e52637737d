namespace Snapshot.Format.Diff;

/// <summary>
/// One named field whose value differs between A and B, with both values written for people
/// (names for enums and flags, decimal for counters, "0x" and 16 hex digits for addresses, "-" for absent).
/// </summary>
public sealed record FieldChange(string Field, string Before, string After);
