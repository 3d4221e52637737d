using Snapshot.Format.Repair;

namespace Snapshot.Format;

/// <summary>Every non-memory section of an image, in file order.</summary>
public sealed record ImageMetadata(ImageHeader Header, CheckpointRecord Checkpoint, IReadOnlyList<TaskMetadata> Tasks)
{
    /// <summary>
    /// What snaprepair lost when it rebuilt this image (the REPAIR section, format 1.1), or null for an image that
    /// was never repaired with losses. Present exactly when the header has the "repaired" incompatible bit.
    /// </summary>
    public RepairRecord? Repair { get; init; }
}
