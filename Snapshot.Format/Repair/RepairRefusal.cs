namespace Snapshot.Format.Repair;

/// <summary>Why an image cannot be repaired, and where: the section name ("THREAD", "header") and absolute offset.</summary>
public sealed record RepairRefusal(string Section, long Offset, string Reason)
{
    /// <summary>"section THREAD at offset 0x288: reason", the form of <see cref="SnapshotFormatException"/> messages.</summary>
    public override string ToString() => $"section {Section} at offset 0x{Offset:x}: {Reason}";
}
