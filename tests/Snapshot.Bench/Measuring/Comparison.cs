using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// One row of the benchmark: a tool command and the peer command a user would otherwise run on the same data (or,
/// with no <see cref="PeerProgram"/>, one of the benchmark's own commands, such as the full write an incremental
/// write is compared with; <see cref="Peer"/> then gets an empty path). The
/// command factories prepare their inputs on first use (not timed). <see cref="Unavailable"/> says why the tool side
/// cannot be measured in this build (a feature not there yet); the peer is still measured. <see cref="RssExemption"/>
/// says why the tool's peak RSS is not held to the 256 MiB limit (kernel-sim holds the simulated task's memory).
/// </summary>
public sealed record Comparison(
    string Name,
    string Title,
    Func<CommandLine> Tool,
    IReadOnlyCollection<int> ToolExitCodes,
    string? Unavailable,
    ExternalProgram? PeerProgram,
    string PeerTitle,
    Func<string, CommandLine> Peer,
    IReadOnlyCollection<int> PeerExitCodes,
    Target Target,
    string? RssExemption = null);
