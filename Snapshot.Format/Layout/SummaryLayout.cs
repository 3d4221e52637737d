namespace Snapshot.Format.Layout;

/// <summary>
/// Byte offsets of the SUMMARY payload (format 1.3): a 16-byte preamble, the index entries of every metadata section
/// in the §5.6 layout, then one record per area that has memory sections.
/// </summary>
internal static class SummaryLayout
{
    public const int EntryCountOffset = 0;
    public const int EntrySizeOffset = 4;
    public const int AreaCountOffset = 8;
    public const int AreaSizeOffset = 12;
    public const int EntriesOffset = 16;

    /// <summary>Bytes of one area record written by version 1; readers accept larger records and ignore the tail.</summary>
    public const int AreaSize = 72;

    // Within an area record.
    public const int TaskIdOffset = 0;
    public const int AreaIdOffset = 8;
    public const int ChunksOffset = 12;
    public const int ReferencesOffset = 16;
    public const int FirstChunkOffset = 20;
    public const int LastChunkOffset = 24;
    public const int ReservedOffset = 28;
    public const int PagesPresentOffset = 32;
    public const int StoredBytesOffset = 40;
    public const int UncompressedBytesOffset = 48;
    public const int FirstSectionOffset = 56;
    public const int PayloadBytesOffset = 64;

    /// <summary>A record larger than this is refused (room for additive growth, not for a hostile size).</summary>
    public const int MaxAreaSize = 4096;

    /// <summary>
    /// The largest SUMMARY payload a reader accepts: the INDEX's own limit. A summary lists fewer entries than the
    /// index (one per metadata section, one smaller record per area instead of one entry per chunk), so a writer never
    /// reaches it; a reader also requires the payload to lie in the file before the index, as for the index itself.
    /// </summary>
    public const long MaxPayload = IndexLayout.EntriesOffset + (long)FormatLimits.MaxIndexEntries * IndexLayout.EntrySize;
}
