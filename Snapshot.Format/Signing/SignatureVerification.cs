using System.Globalization;

namespace Snapshot.Format.Signing;

/// <summary>What verifying an image's signature found.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Signature">The signature found, or null for an unsigned image.</param>
/// <param name="Reason">What was found, without the location.</param>
/// <param name="Section">The section that differs ("header", "THREAD", "SIGNATURE", ...), when one does.</param>
/// <param name="Offset">Offset of that section, when there is one.</param>
public sealed record SignatureVerification(SignatureStatus Status, ImageSignature? Signature, string Reason, string? Section = null, long? Offset = null)
{
    /// <summary>True when the signature verified.</summary>
    public bool IsVerified => Status == SignatureStatus.Verified;

    /// <summary>One line for people; for a tampered image it names the section and its offset.</summary>
    public string Message => (Section, Offset) switch
    {
        (not null, not null) => string.Create(CultureInfo.InvariantCulture, $"section {Section} at offset 0x{Offset:x}: {Reason}"),
        (not null, null) => $"section {Section}: {Reason}",
        _ => Reason,
    };
}
