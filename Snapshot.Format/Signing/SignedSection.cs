namespace Snapshot.Format.Signing;

/// <summary>
/// One section as the signature covers it: its framing fields, its identity (task, area, chunk) and the
/// SHA-256 of its stored payload bytes.
/// </summary>
/// <param name="Type">Section type.</param>
/// <param name="Version">Section version.</param>
/// <param name="Flags">Section flags.</param>
/// <param name="Offset">Offset of the section header.</param>
/// <param name="PayloadLength">Stored payload bytes.</param>
/// <param name="TaskId">Task id as the index lists it.</param>
/// <param name="AreaId">Area id (MEMCHUNK).</param>
/// <param name="ChunkIndex">Chunk index (MEMCHUNK).</param>
/// <param name="PayloadHash">SHA-256 of the stored payload bytes.</param>
public sealed record SignedSection(SectionType Type, ushort Version, SectionFlags Flags, long Offset, long PayloadLength,
                                   ulong TaskId, uint AreaId, uint ChunkIndex, Hash256 PayloadHash)
{
    /// <summary>The section name as messages show it.</summary>
    public string Name => SectionNames.Of(Type);

    internal bool Describes(IndexEntry entry) =>
        entry.Type == Type && entry.Version == Version && entry.Flags == Flags && entry.Offset == Offset
        && entry.PayloadLength == PayloadLength && entry.TaskId == TaskId && entry.AreaId == AreaId && entry.ChunkIndex == ChunkIndex;
}
