using System.Buffers;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;

namespace Snapshot.Format.Sections;

/// <summary>
/// Finds where framing can resume after a damaged section: the strict walk (validation) and the lenient
/// scan (repair) re-synchronise on the same 8-aligned sync markers, so both read the file the same way.
/// </summary>
internal static class SyncMarkerScan
{
    private const int BlockLength = 64 * 1024;

    /// <summary>
    /// The first 8-aligned offset at or after <paramref name="from"/> whose sync marker lies wholly before
    /// <paramref name="end"/>, or <paramref name="end"/> when there is none. Reads in blocks from a rented buffer.
    /// </summary>
    public static long Next(ImageFile file, long from, long end)
    {
        long position = (from + SectionLayout.Alignment - 1) / SectionLayout.Alignment * SectionLayout.Alignment;
        byte[] block = ArrayPool<byte>.Shared.Rent(BlockLength);
        try
        {
            while (position + SectionLayout.SyncLength <= end)
            {
                int length = (int)Math.Min(block.Length, end - position);
                file.Read(position, block.AsSpan(0, length), "section");
                for (int i = 0; i + SectionLayout.SyncLength <= length; i += SectionLayout.Alignment)
                {
                    if (SectionHeader.HasSyncMarker(block.AsSpan(i, SectionLayout.SyncLength)))
                        return position + i;
                }
                // Step by whole 8-byte slots; the last slot of a block is re-read when it was short.
                long step = length - length % SectionLayout.Alignment;
                if (step == 0)
                    break;
                position += step;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
        return end;
    }
}
