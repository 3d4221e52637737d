using System.Security.Cryptography;

namespace Snapshot.Format.Codecs;

/// <summary>
/// The two-level hash of a version 2 chunk (format 1.3): one SHA-256 per page, and the content hash = SHA-256 of those
/// page hashes concatenated. One pass over the data gives both, and a page that changed shows in its page hash alone.
/// </summary>
internal static class PageHashTree
{
    /// <summary>
    /// Hashes each <paramref name="pageSize"/>-byte page of <paramref name="pages"/> into <paramref name="pageHashes"/>
    /// (32 bytes per page) and returns the root: the SHA-256 of that array.
    /// </summary>
    public static Hash256 Compute(ReadOnlySpan<byte> pages, int pageSize, Span<byte> pageHashes)
    {
        int count = pages.Length / pageSize;
        for (int i = 0; i < count; i++)
            SHA256.HashData(pages.Slice(i * pageSize, pageSize), pageHashes.Slice(i * Hash256.Size, Hash256.Size));
        return Root(pageHashes[..(count * Hash256.Size)]);
    }

    /// <summary>The content hash of a version 2 chunk whose page-hash array is <paramref name="pageHashes"/>.</summary>
    public static Hash256 Root(ReadOnlySpan<byte> pageHashes) => Hash256.Compute(pageHashes);

    /// <summary>The page-hash array as values, in page order.</summary>
    public static Hash256[] ToList(ReadOnlySpan<byte> pageHashes)
    {
        var hashes = new Hash256[pageHashes.Length / Hash256.Size];
        for (int i = 0; i < hashes.Length; i++)
            hashes[i] = Hash256.Read(pageHashes.Slice(i * Hash256.Size, Hash256.Size));
        return hashes;
    }
}
