using System.Security.Cryptography;
using System.Text;

namespace Snapshot.Format.Signing;

/// <summary>
/// A key read from a key file, kind detected from the content: a PEM file holds an ECDSA P-256 key
/// (PKCS#8 or SEC1 private key, or a SubjectPublicKeyInfo public key); anything else is an HMAC-SHA256
/// secret written as hex or base64 text of at least 32 bytes.
/// </summary>
internal sealed class KeyMaterial : IDisposable
{
    /// <summary>Bytes of key id stored in a SIGNATURE section: a truncated SHA-256 that names a key without revealing it.</summary>
    public const int KeyIdLength = 16;

    public const int MinimumSecretLength = 32;

    // A key file is a few hundred bytes; refusing big files keeps a mistaken path (an image) from being read whole.
    private const int MaxKeyFileLength = 64 * 1024;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private KeyMaterial(SignatureAlgorithm algorithm, byte[]? secret, ECDsa? ecdsa, bool hasPrivateKey, byte[] keyId)
    {
        Algorithm = algorithm;
        Secret = secret;
        Ecdsa = ecdsa;
        HasPrivateKey = hasPrivateKey;
        KeyId = keyId;
    }

    public SignatureAlgorithm Algorithm { get; }

    public byte[]? Secret { get; }

    public ECDsa? Ecdsa { get; }

    public bool HasPrivateKey { get; }

    public byte[] KeyId { get; }

    public static KeyMaterial Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new SigningKeyException($"key file {path}: no such file");
            if (info.Length > MaxKeyFileLength)
                throw new SigningKeyException($"key file {path}: {info.Length} bytes is too long for a key file");
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SigningKeyException($"key file {path}: {ex.Message}", ex);
        }

        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? FromPem(path, text) : FromSecretText(path, text);
    }

    public static KeyMaterial FromSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretLength)
            throw new SigningKeyException($"an HMAC-SHA256 secret needs at least {MinimumSecretLength} bytes, not {secret.Length}");
        byte[] copy = secret.ToArray();
        return new KeyMaterial(SignatureAlgorithm.HmacSha256, copy, null, hasPrivateKey: true, Truncate(SHA256.HashData(copy)));
    }

    public static KeyMaterial FromEcdsa(ECDsa key, bool hasPrivateKey)
    {
        ECParameters parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != P256Oid && parameters.Curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
            throw new SigningKeyException($"the ECDSA key is on curve {parameters.Curve.Oid?.FriendlyName ?? "(explicit)"}, not P-256");
        return new KeyMaterial(SignatureAlgorithm.EcdsaP256, null, key, hasPrivateKey, Truncate(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));
    }

    public void Dispose() => Ecdsa?.Dispose();

    private static KeyMaterial FromPem(string path, string text)
    {
        var ecdsa = System.Security.Cryptography.ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(text);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new SigningKeyException($"key file {path}: not an ECDSA key in PEM ({ex.Message})", ex);
        }

        bool hasPrivate = text.Contains("PRIVATE KEY-----", StringComparison.Ordinal);
        try
        {
            return FromEcdsa(ecdsa, hasPrivate);
        }
        catch (SigningKeyException ex)
        {
            ecdsa.Dispose();
            throw new SigningKeyException($"key file {path}: {ex.Message}", ex);
        }
    }

    private static KeyMaterial FromSecretText(string path, string text)
    {
        string trimmed = text.Trim();
        byte[]? secret = null;
        if (trimmed.Length > 0 && trimmed.Length % 2 == 0 && trimmed.All(char.IsAsciiHexDigit))
        {
            secret = Convert.FromHexString(trimmed);
        }
        else
        {
            var buffer = new byte[trimmed.Length];
            if (Convert.TryFromBase64String(trimmed, buffer, out int written))
                secret = buffer[..written];
        }

        if (secret is null)
            throw new SigningKeyException($"key file {path}: neither a PEM ECDSA key nor an HMAC secret in hex or base64");
        if (secret.Length < MinimumSecretLength)
            throw new SigningKeyException($"key file {path}: the HMAC secret is {secret.Length} bytes, at least {MinimumSecretLength} are needed");
        return FromSecret(secret);
    }

    private static byte[] Truncate(byte[] hash) => hash[..KeyIdLength];
}
