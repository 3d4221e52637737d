using System.Security.Cryptography;

namespace KernelSim.Tests.Trust;

/// <summary>Key files of both kinds, written into a directory: an HMAC secret (hex and base64) and an ECDSA P-256 pair (PEM).</summary>
public sealed class SigningKeys
{
    public SigningKeys(string directory, int seed)
    {
        var secret = new byte[32];
        new Random(seed).NextBytes(secret);
        HmacHex = Path.Combine(directory, $"hmac-{seed}.hex");
        File.WriteAllText(HmacHex, Convert.ToHexStringLower(secret) + "\n");
        HmacBase64 = Path.Combine(directory, $"hmac-{seed}.b64");
        File.WriteAllText(HmacBase64, Convert.ToBase64String(secret) + "\n");

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EcdsaPrivate = Path.Combine(directory, $"ecdsa-{seed}.pem");
        File.WriteAllText(EcdsaPrivate, ecdsa.ExportPkcs8PrivateKeyPem());
        EcdsaPublic = Path.Combine(directory, $"ecdsa-{seed}.pub.pem");
        File.WriteAllText(EcdsaPublic, ecdsa.ExportSubjectPublicKeyInfoPem());
    }

    public string HmacHex { get; }

    public string HmacBase64 { get; }

    public string EcdsaPrivate { get; }

    public string EcdsaPublic { get; }

    /// <summary>(signing key file, verifying key file) per algorithm.</summary>
    public IEnumerable<(string Sign, string Verify)> Pairs => [(HmacHex, HmacBase64), (EcdsaPrivate, EcdsaPublic)];
}
