namespace Snapshot.Format;

/// <summary>
/// Memory shared between several participants (SHARED_AREAS section, format 1.2). Each task participant's
/// area has <see cref="AreaBacking.Shared"/>. When <see cref="ContentInImage"/> is set, the pages are stored
/// once, as the memory of the participant task with the lowest task id; otherwise the cooperative service
/// <see cref="ServiceId"/> keeps the content and restore maps the service's current pages.
/// </summary>
/// <param name="ShareId">The kernel's id of the shared memory (from a counter).</param>
/// <param name="Size">Bytes.</param>
/// <param name="Flags">Access rights.</param>
/// <param name="ContentInImage">Whether the pages are stored in the image.</param>
/// <param name="Participants">Every mapping, task participants in task id order.</param>
/// <param name="ServiceId">The cooperative service that owns the memory, or 0 when only tasks share it.</param>
public sealed record SharedAreaRecord(ulong ShareId, ulong Size, AreaFlags Flags, ulong ServiceId,
                                      bool ContentInImage, IReadOnlyList<ShareParticipant> Participants);
