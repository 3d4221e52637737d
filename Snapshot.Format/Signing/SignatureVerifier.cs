using System.Security.Cryptography;

namespace Snapshot.Format.Signing;

/// <summary>
/// The key a signature is checked with: the HMAC-SHA256 secret, or an ECDSA P-256 public key (a private
/// key file works too). Use it with <see cref="ImageSignatures"/>.
/// </summary>
public sealed class SignatureVerifier : IDisposable
{
    private readonly KeyMaterial _key;

    private SignatureVerifier(KeyMaterial key) => _key = key;

    /// <summary>The algorithm this key verifies.</summary>
    public SignatureAlgorithm Algorithm => _key.Algorithm;

    /// <summary>The key id a signature made with the matching key carries.</summary>
    public ReadOnlyMemory<byte> KeyId => _key.KeyId;

    /// <summary>Reads a key file: PEM ECDSA P-256 public or private key, or an HMAC secret as hex or base64.</summary>
    /// <exception cref="SigningKeyException">The file cannot be read or is of no known kind.</exception>
    public static SignatureVerifier FromKeyFile(string path) => new(KeyMaterial.Load(path));

    /// <summary>An HMAC-SHA256 verifier over <paramref name="secret"/>.</summary>
    public static SignatureVerifier Hmac(ReadOnlySpan<byte> secret) => new(KeyMaterial.FromSecret(secret));

    /// <summary>An ECDSA P-256 verifier; it owns <paramref name="publicKey"/> from now on.</summary>
    public static SignatureVerifier Ecdsa(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return new SignatureVerifier(KeyMaterial.FromEcdsa(publicKey, hasPrivateKey: false));
    }

    /// <summary>Releases the ECDSA key.</summary>
    public void Dispose() => _key.Dispose();

    internal bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) => _key.Algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key.Secret!, digest), signature),
        _ => _key.Ecdsa!.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
    };
}
