namespace Snapshot.Format.Chains;

public sealed partial class ImageChain
{
    /// <summary>
    /// The chunks of one area of this chain's image, by chunk index, with where a child of the image finds their bytes:
    /// a MEMCHUNK of the image itself (ordinal 1), or, for a CHUNKREF, its target (ordinal shifted by one). A child
    /// so never references a reference. Reads the CHUNKREF sections of the area, nothing else.
    /// </summary>
    /// <exception cref="SnapshotFormatException">A CHUNKREF of the area is malformed.</exception>
    public IReadOnlyDictionary<uint, ChunkOrigin> ChunkOrigins(ulong taskId, uint areaId)
    {
        var origins = new Dictionary<uint, ChunkOrigin>();
        foreach (IndexEntry entry in Image.Index)
        {
            if (entry.TaskId != taskId || entry.AreaId != areaId)
                continue;
            if (entry.Type == SectionType.MemoryChunk)
            {
                origins[entry.ChunkIndex] = new ChunkOrigin(entry.ChunkIndex, entry.PresentBitmap, entry.ContentHash, 1, entry.Offset);
            }
            else if (entry.Type == SectionType.ChunkReference)
            {
                ChunkReference reference = Image.ReadChunkReference(entry);
                if (reference.ImageOrdinal > _ancestors.Length)
                    throw new SnapshotFormatException("CHUNKREF", entry.Offset, $"image ordinal {reference.ImageOrdinal} names no ancestor ({_ancestors.Length} attached)");
                origins[entry.ChunkIndex] = new ChunkOrigin(entry.ChunkIndex, entry.PresentBitmap, entry.ContentHash,
                    reference.ImageOrdinal + 1, reference.TargetOffset);
            }
        }
        return origins;
    }
}
