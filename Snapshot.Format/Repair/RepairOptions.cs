namespace Snapshot.Format.Repair;

/// <summary>Choices for <see cref="ImageRepairer.Repair"/>.</summary>
public sealed record RepairOptions
{
    /// <summary>Record the pages of damaged memory chunks as zero-filled rather than dropped (snaprepair --zero-damaged).</summary>
    public bool ZeroDamaged { get; init; }

    /// <summary>
    /// The kernel build (a built-in profile name such as "spartan-0.4") whose stamp replaces a damaged header's.
    /// A damaged header cannot vouch for its own build stamp, so without this such an image is not repaired.
    /// Given with an intact header, it must name the header's build.
    /// </summary>
    public string? Build { get; init; }

    /// <summary>Analyse and report only; write no output.</summary>
    public bool DryRun { get; init; }
}
