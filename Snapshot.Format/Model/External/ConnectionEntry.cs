namespace Snapshot.Format;

/// <summary>One named value of a connection's exported state (the service defines the keys, documented in format-spec).</summary>
public sealed record ConnectionEntry(string Key, string Value);
