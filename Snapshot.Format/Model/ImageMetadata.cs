namespace Snapshot.Format;

/// <summary>Every non-memory section of an image, in file order.</summary>
public sealed record ImageMetadata(ImageHeader Header, CheckpointRecord Checkpoint, IReadOnlyList<TaskMetadata> Tasks);
