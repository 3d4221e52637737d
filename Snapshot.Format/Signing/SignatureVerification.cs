namespace Snapshot.Format.Signing;

/// <summary>What verifying an image's signature found.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Signature">The signature found, or null for an unsigned image.</param>
/// <param name="Message">One line for people; for a tampered image it names the section and its offset.</param>
/// <param name="Section">The section that differs ("header", "THREAD", "SIGNATURE", ...), when one does.</param>
/// <param name="Offset">Offset of that section, when there is one.</param>
public sealed record SignatureVerification(SignatureStatus Status, ImageSignature? Signature, string Message, string? Section = null, long? Offset = null)
{
    /// <summary>True when the signature verified.</summary>
    public bool IsVerified => Status == SignatureStatus.Verified;
}
