using Snapshot.Format.Pipelines;

namespace Snapshot.Format.Validation;

/// <summary>How <see cref="ImageValidator"/> runs: the level and the number of workers that decode and hash chunks.</summary>
public sealed record ValidationOptions
{
    /// <summary>The default: a full validation on all cores.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>How deeply to check; <see cref="ValidationLevel.Full"/> unless asked otherwise.</summary>
    public ValidationLevel Level { get; init; } = ValidationLevel.Full;

    /// <summary>
    /// Workers that read, CRC, decompress and hash chunk sections in parallel (1 = everything on the calling thread,
    /// 0 = <see cref="OrderedParallel.AllCores"/>). The report is the same whatever the number.
    /// </summary>
    public int Threads { get; init; }
}
