namespace Snapshot.Fuzz.Mutation;

/// <summary>A section found by walking the framing: type, offset of its header, payload length.</summary>
public sealed record FramedSection(uint Type, long Offset, long PayloadLength)
{
    public long PayloadOffset => Offset + ImageLayoutMap.SectionHeaderLength;

    public long End => PayloadOffset + ((PayloadLength + 7) & ~7L);
}
