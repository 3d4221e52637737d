namespace Snapshot.Bench.Reporting;

/// <summary>
/// One measured row. <see cref="Ratio"/> is the peer's median time over the tool's: above 1 the tool is faster.
/// <see cref="PeerPackage"/> names the Debian package to install when the peer is missing (null: the peer is the benchmark's own command).
/// </summary>
public sealed record RowResult(
    string Name,
    string Title,
    string Status,
    Figures? Tool,
    string PeerTitle,
    Figures? Peer,
    string? PeerPackage,
    double? Ratio,
    string Target,
    bool? TargetMet,
    bool? RssUnderLimit,
    string? Note);
