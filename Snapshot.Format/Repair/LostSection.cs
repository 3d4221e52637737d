namespace Snapshot.Format.Repair;

/// <summary>Part of the damaged input that a repair did not carry over.</summary>
/// <param name="Kind">A section, bytes whose framing could not be read, or the header.</param>
/// <param name="Type">The section type when <paramref name="Kind"/> is <see cref="LostSectionKind.Section"/> (0 otherwise).</param>
/// <param name="Offset">Absolute offset in the repaired input file.</param>
/// <param name="Length">Bytes of the input the loss covers (section header, payload and padding for a section).</param>
/// <param name="Reason">Why it was not carried over, e.g. "payload CRC32C mismatch (stored 0x..., computed 0x...)".</param>
public sealed record LostSection(LostSectionKind Kind, SectionType Type, long Offset, long Length, string Reason)
{
    /// <summary>"MEMCHUNK", "unreadable bytes" or "header".</summary>
    public string Name => Kind switch
    {
        LostSectionKind.Section => SectionNames.Of(Type),
        LostSectionKind.Header => "header",
        _ => "unreadable bytes",
    };
}
