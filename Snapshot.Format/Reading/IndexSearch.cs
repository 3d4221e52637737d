namespace Snapshot.Format.Reading;

/// <summary>Finds a section by offset in a list of index entries in file order (strictly ascending offsets), as references need.</summary>
internal static class IndexSearch
{
    /// <summary>The entry of the section that starts at <paramref name="offset"/>, or null; O(log n).</summary>
    public static IndexEntry? At(IReadOnlyList<IndexEntry> entries, long offset)
    {
        int low = 0, high = entries.Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            long at = entries[middle].Offset;
            if (at == offset)
                return entries[middle];
            if (at < offset)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return null;
    }
}
