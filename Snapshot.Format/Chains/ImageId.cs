using System.Buffers;
using System.Security.Cryptography;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Chains;

/// <summary>
/// The image id an incremental image names its ancestors by (format 1.3): SHA-256 over the header bytes, the INDEX
/// section's 32-byte section header and its payload. The index lists every section with its payload CRC and every
/// chunk with its content hash, so the id commits to the whole image at the cost of reading header and index only.
/// </summary>
public static class ImageId
{
    private const int BlockSize = 1 << 20;

    /// <summary>The id of an open image (reads its header, footer and INDEX section again, nothing else).</summary>
    /// <exception cref="SnapshotFormatException">The file changed under the reader and no longer has a readable index.</exception>
    public static Hash256 Compute(ImageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] block = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            Append(reader, sha, block, 0, reader.HeaderLength, "header");
            Span<byte> footerBytes = stackalloc byte[FooterLayout.Length];
            long footerOffset = reader.Length - FooterLayout.Length;
            reader.File.Read(footerOffset, footerBytes, "footer");
            Footer footer = Footer.Parse(footerBytes, footerOffset, reader.HeaderLength, reader.PagesPerChunk);
            Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
            reader.File.Read(footer.IndexOffset, frame, "INDEX");
            SectionHeader index = SectionHeader.Parse(frame, footer.IndexOffset, "INDEX");
            Append(reader, sha, block, footer.IndexOffset, SectionLayout.HeaderLength + index.PayloadLength, "INDEX");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
        Span<byte> digest = stackalloc byte[Hash256.Size];
        sha.GetHashAndReset(digest);
        return Hash256.Read(digest);
    }

    /// <summary>The id of the image at <paramref name="path"/>.</summary>
    /// <exception cref="SnapshotFormatException">The file is not a readable image.</exception>
    public static Hash256 Compute(string path)
    {
        using ImageReader reader = ImageReader.Open(path);
        return Compute(reader);
    }

    private static void Append(ImageReader reader, IncrementalHash sha, byte[] block, long offset, long length, string section)
    {
        while (length > 0)
        {
            int take = (int)Math.Min(length, block.Length);
            reader.File.Read(offset, block.AsSpan(0, take), section);
            sha.AppendData(block, 0, take);
            offset += take;
            length -= take;
        }
    }
}
