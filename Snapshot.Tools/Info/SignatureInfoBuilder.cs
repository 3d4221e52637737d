using Snapshot.Format;
using Snapshot.Format.Signing;
using Snapshot.Format.Summary;
using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Info;

/// <summary>
/// Describes an image's SIGNATURE section without verifying it: verifying needs a key and reads every byte, and
/// snapinfo reads neither (snapcheck --verify-key does).
/// </summary>
internal static class SignatureInfoBuilder
{
    public const string NotVerified = "signed, not verified (snapcheck --verify-key verifies)";

    private const string Stale =
        "signed, but the signature is stale: the image was rewritten after signing (its \"signed\" autoclear bit is clear)";

    /// <summary>The signature of an image file, or null when it has none.</summary>
    public static SignatureInfo? FromFile(ImageSummaryReader reader)
    {
        ImageSignature? signature;
        try
        {
            signature = reader.FindSignature();
        }
        catch (SnapshotFormatException ex)
        {
            // A malformed SIGNATURE section is reported, not fatal: everything else about the image is still worth showing.
            return new SignatureInfo("unreadable", null, null, ex.Offset is { } offset ? Notation.Offset(offset) : null, null,
                $"the SIGNATURE section cannot be read: {ex.Reason}");
        }

        if (signature is null)
        {
            return null;
        }

        var stale = !IsMarkedSigned(reader.Header);
        return new SignatureInfo(stale ? "stale" : "unverified", signature.AlgorithmName, signature.KeyId,
            Notation.Offset(signature.Offset), signature.SectionCount, stale ? Stale : NotVerified);
    }

    /// <summary>
    /// The signature of a streamed image, known only from its SIGNATURE section's frame: the stream reader skips the
    /// payload, so algorithm and key id stay unknown.
    /// </summary>
    public static SignatureInfo? FromStream(ImageHeader header, IEnumerable<IndexEntry> sections)
    {
        var entry = sections.FirstOrDefault(section => section.Type == SectionType.Signature);
        if (entry is null)
        {
            return null;
        }

        var stale = !IsMarkedSigned(header);
        return new SignatureInfo(stale ? "stale" : "unverified", null, null, Notation.Offset(entry.Offset), null,
            (stale ? Stale : NotVerified) + "; algorithm and key id are shown when the image is read from a file");
    }

    private static bool IsMarkedSigned(ImageHeader header) => (header.Features.Autoclear & Features.AutoclearSigned) != 0;
}
