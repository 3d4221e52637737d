using System.Security.Cryptography;

namespace Snapshot.Format.Signing;

/// <summary>
/// The private half of an image signature: an HMAC-SHA256 secret or an ECDSA P-256 private key. Given as
/// <see cref="ImageWriterOptions.Signer"/>, it makes the writer add a SIGNATURE section before the index.
/// </summary>
public sealed class ImageSigner : IDisposable
{
    private readonly KeyMaterial _key;

    private ImageSigner(KeyMaterial key) => _key = key;

    /// <summary>The algorithm this key signs with.</summary>
    public SignatureAlgorithm Algorithm => _key.Algorithm;

    /// <summary>The key id written into the signature (first 16 bytes of the SHA-256 of the public key or of the secret).</summary>
    public ReadOnlyMemory<byte> KeyId => _key.KeyId;

    /// <summary>Reads a key file: PEM ECDSA P-256 private key, or an HMAC secret as hex or base64 (at least 32 bytes).</summary>
    /// <exception cref="SigningKeyException">The file cannot be read, is of no known kind, or holds only a public key.</exception>
    public static ImageSigner FromKeyFile(string path)
    {
        KeyMaterial key = KeyMaterial.Load(path);
        if (!key.HasPrivateKey)
        {
            key.Dispose();
            throw new SigningKeyException($"key file {path}: holds a public key; signing needs the private key");
        }

        return new ImageSigner(key);
    }

    /// <summary>An HMAC-SHA256 signer over <paramref name="secret"/> (at least 32 bytes).</summary>
    public static ImageSigner Hmac(ReadOnlySpan<byte> secret) => new(KeyMaterial.FromSecret(secret));

    /// <summary>An ECDSA P-256 signer; the signer owns <paramref name="privateKey"/> from now on.</summary>
    public static ImageSigner Ecdsa(ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        return new ImageSigner(KeyMaterial.FromEcdsa(privateKey, hasPrivateKey: true));
    }

    /// <summary>Releases the ECDSA key.</summary>
    public void Dispose() => _key.Dispose();

    internal byte[] Sign(ReadOnlySpan<byte> digest) => _key.Algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => HMACSHA256.HashData(_key.Secret!, digest),
        _ => _key.Ecdsa!.SignHash(digest.ToArray(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
    };
}
