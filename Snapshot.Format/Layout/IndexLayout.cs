namespace Snapshot.Format.Layout;

/// <summary>Byte offsets of the INDEX section payload and of one index entry.</summary>
internal static class IndexLayout
{
    public const int CountOffset = 0;
    public const int EntrySizeOffset = 4;
    public const int EntriesOffset = 8;

    /// <summary>Entry size written by 1.0; readers accept larger entries and ignore the tail.</summary>
    public const int EntrySize = 88;

    // Within an entry.
    public const int TypeOffset = 0;
    public const int VersionOffset = 4;
    public const int FlagsOffset = 6;
    public const int SectionOffsetOffset = 8;
    public const int PayloadLengthOffset = 16;
    public const int PayloadCrcOffset = 24;
    public const int ReservedOffset = 28;
    public const int TaskIdOffset = 32;
    public const int AreaIdOffset = 40;
    public const int ChunkIndexOffset = 44;
    public const int PresentBitmapOffset = 48;
    public const int ContentHashOffset = 56;
}
