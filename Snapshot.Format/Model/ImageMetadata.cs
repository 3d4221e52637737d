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

    /// <summary>
    /// The checkpoint set's external state (format 1.2: IPC, shared areas, cooperation, files), or null for an image
    /// whose tasks hold none. Present exactly when the header has the "external-state" incompatible bit.
    /// </summary>
    public ExternalState? External { get; init; }

    /// <summary>
    /// The ancestors of an incremental image (the PARENTS section, format 1.3), nearest first, or empty for a full
    /// image. Present exactly when the header has the "parent-image" incompatible bit.
    /// </summary>
    public IReadOnlyList<ParentImage> Parents { get; init; } = [];
}
