namespace Snapshot.Format.Repair;

/// <summary>
/// One section a repair found in the input by its sync marker and framing, with what became of it.
/// </summary>
/// <param name="Type">The section type (from its CRC-verified section header).</param>
/// <param name="Offset">Absolute offset of its section header in the input.</param>
/// <param name="PayloadLength">Payload bytes, as its section header says.</param>
/// <param name="PayloadCrc">Payload CRC32C, as its section header says.</param>
/// <param name="TaskId">The task it belongs to, when known (TASK, AREAS, THREAD, MEMCHUNK with a readable payload).</param>
/// <param name="Fate">What the repair did with it.</param>
/// <param name="Detail">Why it was dropped or what it duplicates; null when kept.</param>
public sealed record ScannedSection(SectionType Type, long Offset, long PayloadLength, uint PayloadCrc, ulong? TaskId,
                                    SectionFate Fate, string? Detail)
{
    /// <summary>"THREAD", "MEMCHUNK", or the hex type of a section this library does not know.</summary>
    public string Name => SectionNames.Of(Type);
}
