using Snapshot.Format;

namespace KernelSim.Memory;

/// <summary>
/// The image the kernel's dirty-page tracking (<see cref="DirtyPages"/>) is relative to: the last image written to a
/// file or restored, by image id, and which live task held which task id in it. Only those tasks' clean chunks may
/// become references into that image; any other task is stored whole.
/// </summary>
/// <param name="ImageId">The image id of the baseline image.</param>
/// <param name="ImageTaskIds">Live task id → the task's id in the baseline image (they differ after a restore that found an id taken).</param>
public sealed record DirtyBaseline(Hash256 ImageId, IReadOnlyDictionary<ulong, ulong> ImageTaskIds);
