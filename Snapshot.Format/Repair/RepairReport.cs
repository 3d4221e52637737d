namespace Snapshot.Format.Repair;

/// <summary>Everything a repair found and did. Lists are in input file order.</summary>
/// <param name="InputPath">The damaged image (never modified).</param>
/// <param name="OutputPath">The image written, or null (dry run, or unrepairable).</param>
/// <param name="Outcome">Nothing lost, repaired with losses, or unrepairable.</param>
/// <param name="Refusal">Why the image is unrepairable; null otherwise.</param>
/// <param name="Build">The kernel build stamp the output carries (null when the header was unusable and no build was given).</param>
/// <param name="BuildFromOption">True when the stamp came from <see cref="RepairOptions.Build"/> because the header was damaged.</param>
/// <param name="PagesPerChunk">The chunk geometry (from the header, else the footer); 0 when unknown.</param>
/// <param name="Header">The input header's condition.</param>
/// <param name="Index">The input INDEX section's condition (never needed: the index is always rebuilt).</param>
/// <param name="Footer">The input footer's condition (never needed: the footer is always rebuilt).</param>
/// <param name="CheckpointRebuilt">True when the checkpoint set was rebuilt from the TASK sections found.</param>
/// <param name="Sections">Every section found, with its fate.</param>
/// <param name="TasksKept">Ids of the tasks in the output, in checkpoint order.</param>
/// <param name="Lost">What this repair lost (empty lists when nothing).</param>
/// <param name="Record">The REPAIR section written: earlier repairs' entries followed by <paramref name="Lost"/>; null when the output is clean.</param>
public sealed record RepairReport(
    string InputPath,
    string? OutputPath,
    RepairOutcome Outcome,
    RepairRefusal? Refusal,
    KernelBuildStamp? Build,
    bool BuildFromOption,
    int PagesPerChunk,
    PartState Header,
    PartState Index,
    PartState Footer,
    bool CheckpointRebuilt,
    IReadOnlyList<ScannedSection> Sections,
    IReadOnlyList<ulong> TasksKept,
    RepairRecord Lost,
    RepairRecord? Record)
{
    /// <summary>True when this repair lost nothing (the output may still carry an earlier repair's record).</summary>
    public bool NothingLost => Lost.Sections.Count == 0 && Lost.Tasks.Count == 0 && Lost.Pages.Count == 0;
}
