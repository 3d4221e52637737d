namespace Snapshot.Fuzz.Campaign;

/// <summary>How a campaign runs.</summary>
public sealed record FuzzOptions
{
    public int Seed { get; init; } = 1;

    public int Iterations { get; init; } = 1000;

    /// <summary>Where inputs that produce findings are saved (tests/fixtures/fuzz-regressions); null saves nothing.</summary>
    public string? SaveDirectory { get; init; }

    /// <summary>Per input and target; beyond it the input is a hang.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Per input and reader path.</summary>
    public long AllocationLimit { get; init; } = 64L << 20;

    /// <summary>Print a progress line every so many inputs (0: never).</summary>
    public int ProgressInterval { get; init; } = 1000;
}
