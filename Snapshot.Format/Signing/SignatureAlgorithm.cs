namespace Snapshot.Format.Signing;

/// <summary>How a SIGNATURE section (format 1.1) signs an image's digest; stored as a u8.</summary>
public enum SignatureAlgorithm : byte
{
    /// <summary>HMAC-SHA256 with a shared secret of at least 32 bytes; 32-byte tag.</summary>
    HmacSha256 = 1,

    /// <summary>ECDSA over NIST P-256 of the SHA-256 digest; 64-byte signature r || s (IEEE P1363).</summary>
    EcdsaP256 = 2,
}
