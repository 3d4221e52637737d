namespace Snapshot.Format.Signing;

/// <summary>The SIGNATURE section of an image, as stored (not yet verified).</summary>
/// <param name="Algorithm">How it was signed.</param>
/// <param name="KeyId">Hex of the 16-byte key id (truncated SHA-256 of the public key, or of the HMAC secret).</param>
/// <param name="Offset">Offset of the SIGNATURE section header.</param>
/// <param name="SectionCount">Sections the signature covers (every section before it, besides the header).</param>
public sealed record ImageSignature(SignatureAlgorithm Algorithm, string KeyId, long Offset, int SectionCount)
{
    /// <summary>"HMAC-SHA256" or "ECDSA P-256".</summary>
    public string AlgorithmName => SignatureAlgorithms.Name(Algorithm);
}
